package io.sideline.ee.cdi;

import io.sideline.ee.SidelineJob;
import io.sideline.ee.WorkflowTemplate;
import io.sideline.ee.model.QueueNames;
import io.sideline.ee.runtime.Normalizer;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.interceptor.Interceptor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds the job registry while the application deploys: every managed bean annotated
 * {@code @SidelineJob} is registered under its name. A duplicate name, a reserved name, or a bean
 * without exactly one public {@code perform} method is a definition error, so the mistake fails the
 * deployment instead of the first job.
 */
public class SidelineExtension implements Extension {

    private final Map<String, JobDefinition> jobs = new ConcurrentHashMap<>();

    <T> void register(@Observes ProcessManagedBean<T> event) {
        AnnotatedType<T> type = event.getAnnotatedBeanClass();
        SidelineJob annotation = type.getJavaClass().getAnnotation(SidelineJob.class);
        if (annotation == null || type.isAnnotationPresent(Interceptor.class)) {
            return; // not a job, or the interceptor that @SidelineJob binds
        }
        Class<T> beanClass = type.getJavaClass();
        String name = annotation.value().isEmpty() ? beanClass.getSimpleName() : annotation.value();
        if (name.equals(Normalizer.NOOP_JOB)) {
            event.addDefinitionError(new DefinitionException(beanClass.getName() + ": the job name '" + name
                    + "' is reserved by sideline-ee"));
            return;
        }
        if (annotation.timeoutMs() < -1) {
            event.addDefinitionError(new DefinitionException(beanClass.getName() + ": @SidelineJob(timeoutMs = "
                    + annotation.timeoutMs() + ") must be -1 (the default), 0 (none) or positive"));
            return;
        }
        if (annotation.retry() < -1) {
            event.addDefinitionError(new DefinitionException(beanClass.getName() + ": @SidelineJob(retry = "
                    + annotation.retry() + ") must be -1 (sideline.retry.max), 0 (straight to the dead set) or positive"));
            return;
        }
        if (!annotation.queue().isEmpty() && !QueueNames.isValid(annotation.queue())) {
            event.addDefinitionError(new DefinitionException(beanClass.getName() + ": @SidelineJob(queue = \""
                    + annotation.queue() + "\") must match " + QueueNames.RULE));
            return;
        }
        List<Method> performs = Arrays.stream(beanClass.getMethods())
                .filter(m -> m.getName().equals("perform") && !m.isBridge() && !m.isSynthetic()
                        && !Modifier.isStatic(m.getModifiers()))
                .toList();
        if (performs.size() != 1) {
            event.addDefinitionError(new DefinitionException(beanClass.getName() + " is annotated @SidelineJob but has "
                    + (performs.isEmpty() ? "no public perform(...) method" : performs.size()
                    + " public perform methods") + "; a job needs exactly one"));
            return;
        }
        JobDefinition previous = jobs.putIfAbsent(name, new JobDefinition(name, beanClass, event.getBean(),
                performs.get(0)));
        if (previous != null) {
            event.addDefinitionError(new DefinitionException("duplicate @SidelineJob name '" + name + "': "
                    + previous.beanClass().getName() + " and " + beanClass.getName()));
        }
    }

    private final List<Bean<?>> templateBeans = new CopyOnWriteArrayList<>();

    <T> void collectTemplates(@Observes ProcessBean<T> event) {
        if (event.getBean().getTypes().stream().anyMatch(t -> t instanceof Class<?> c
                ? c == WorkflowTemplate.class
                : t instanceof ParameterizedType p && p.getRawType() == WorkflowTemplate.class)) {
            templateBeans.add(event.getBean());
        }
    }

    /** Template names are only known from the beans themselves, so they are checked once all beans exist. */
    void checkTemplateNames(@Observes AfterDeploymentValidation event,
                            BeanManager beans) {
        Map<String, String> names = new HashMap<>();
        for (Bean<?> bean : templateBeans) {
            var template = (WorkflowTemplate<?>) beans.getReference(bean,
                    Object.class, beans.createCreationalContext(bean));
            String previous = names.putIfAbsent(template.name(), bean.getBeanClass().getName());
            if (previous != null) {
                event.addDeploymentProblem(new DefinitionException("duplicate template name '" + template.name()
                        + "': " + previous + " and " + bean.getBeanClass().getName()));
            }
        }
    }

    /** The registry, complete once the container has started. */
    public Map<String, JobDefinition> jobs() {
        return Map.copyOf(jobs);
    }
}
