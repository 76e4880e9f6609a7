package io.sideline.ee.dashboard;

import io.sideline.ee.RunControl;
import io.sideline.ee.RunState;
import io.sideline.ee.SidelineAdmin;

import java.util.Arrays;
import java.util.Locale;

/** The enum names the API takes in paths and parameters, refused with the list of valid ones (400) otherwise. */
final class Names {

    private Names() {
    }

    /** A run state by name, any case; null for absent or empty (every state). */
    static RunState state(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return parse(RunState.class, name, "state");
    }

    /** A job set as the path names it: {@code dead}, {@code retry} or {@code scheduled}. */
    static SidelineAdmin.JobSet jobSet(String name) {
        return parse(SidelineAdmin.JobSet.class, name, "job set");
    }

    static RunControl.JobSet controlSet(SidelineAdmin.JobSet set) {
        return RunControl.JobSet.valueOf(set.name());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(name.toUpperCase(Locale.ROOT))) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "', expected one of "
                + Arrays.toString(type.getEnumConstants()));
    }
}
