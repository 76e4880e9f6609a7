package io.sideline.chaos.canary;

import io.sideline.chaos.ledger.ChaosRedis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A CDI bean with a {@code perform} method but without {@code @SidelineJob}: a payload naming it must go to
 * {@code dead} as an unknown job. Were it ever performed, {@code chaos:notajob} would say so.
 */
@ApplicationScoped
public class NotAJob {

    public static final String KEY = "chaos:notajob";

    @Inject
    ChaosRedis redis;

    public void perform() {
        redis.call(r -> r.set(KEY, "performed"));
    }
}
