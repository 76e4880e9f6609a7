package io.sideline.ee.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the test class's methods a {@link SidelineRedis} parameter: a private Redis (a URL from
 * {@code SIDELINE_TEST_REDIS_URL}, else Testcontainers when Docker runs, else {@code redis-server} from the
 * PATH, else the embedded one) and a fresh key prefix per test.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SidelineRedisExtension.class)
public @interface WithSidelineRedis {
}
