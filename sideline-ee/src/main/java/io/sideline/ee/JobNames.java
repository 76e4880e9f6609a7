package io.sideline.ee;

/** Derives a job's registered name from its class: {@code @SidelineJob("name")} or the simple class name. */
public final class JobNames {

    private JobNames() {
    }

    public static String of(Class<?> jobClass) {
        SidelineJob annotation = jobClass.getAnnotation(SidelineJob.class);
        if (annotation == null) {
            throw new IllegalArgumentException(jobClass.getName() + " is not annotated @SidelineJob");
        }
        return annotation.value().isEmpty() ? jobClass.getSimpleName() : annotation.value();
    }
}
