package io.atrium.platform.events;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What changed between two states of a record: the names of the components that differ, in declaration order. */
public final class Changes {

    private Changes() {}

    public static <T extends Record> List<String> between(T before, T after) {
        List<String> changed = new ArrayList<>();
        for (RecordComponent component : after.getClass().getRecordComponents()) {
            try {
                Object a = component.getAccessor().invoke(before);
                Object b = component.getAccessor().invoke(after);
                if (!Objects.equals(a, b)) {
                    changed.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changed;
    }
}
