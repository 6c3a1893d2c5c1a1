package io.atrium.contacts.merge;

import io.atrium.platform.web.ProblemException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies a merge's {@code keep} choices field by field, and refuses (400, naming {@code keep.<field>}) a choice for
 * a field the record does not have, so a typo never silently keeps the wrong value.
 */
public final class FieldPicker {

    private final Map<String, MergeRequest.Side> keep;
    private final Set<String> known = new HashSet<>();
    private final Set<String> prefixes = new HashSet<>();

    public FieldPicker(Map<String, MergeRequest.Side> keep) {
        this.keep = keep;
    }

    /** The surviving value of a single-valued field: as picked, else the survivor's unless it is empty. */
    public <T> T pick(String field, T survivor, T duplicate) {
        known.add(field);
        MergeRequest.Side side = keep.get(field);
        if (side == MergeRequest.Side.DUPLICATE) {
            return duplicate;
        }
        if (side == MergeRequest.Side.SURVIVOR) {
            return survivor;
        }
        return empty(survivor) ? duplicate : survivor;
    }

    /** As {@link #pick}, but the survivor's value stands unless the caller picks the duplicate's, empty or not. */
    public <T> T pickOrKeep(String field, T survivor, T duplicate) {
        known.add(field);
        return keep.get(field) == MergeRequest.Side.DUPLICATE ? duplicate : survivor;
    }

    /**
     * A map whose entries merge one by one ({@code customFields.tier}, {@code externalIds.hubspot}): every key of
     * either side, each picked as {@link #pick} does under {@code prefix.key}.
     */
    public <V> Map<String, V> pickEntries(String prefix, Map<String, V> survivor, Map<String, V> duplicate) {
        prefixes.add(prefix + ".");
        Map<String, V> merged = new LinkedHashMap<>(survivor);
        for (Map.Entry<String, V> entry : duplicate.entrySet()) {
            V value = pick(prefix + "." + entry.getKey(), survivor.get(entry.getKey()), entry.getValue());
            if (value == null) {
                merged.remove(entry.getKey());
            } else {
                merged.put(entry.getKey(), value);
            }
        }
        return merged;
    }

    /**
     * Refuses (400 naming {@code keep.<prefix>.<key>}) an entry both sides hold with different values that
     * {@code keep} does not decide: for ids in other systems, silently dropping one would let the next sync from that
     * system create the duplicate again.
     */
    public void requireChoiceWhereBothDiffer(String prefix, Map<String, ?> survivor, Map<String, ?> duplicate) {
        List<ProblemException.FieldProblem> undecided = duplicate.entrySet().stream()
                .filter(e -> survivor.containsKey(e.getKey())
                        && !survivor.get(e.getKey()).equals(e.getValue())
                        && !keep.containsKey(prefix + "." + e.getKey()))
                .map(e -> new ProblemException.FieldProblem(
                        "keep." + prefix + "." + e.getKey(),
                        "both records have one (" + survivor.get(e.getKey()) + ", " + e.getValue()
                                + "): say which stays"))
                .toList();
        if (!undecided.isEmpty()) {
            throw ProblemException.invalidFields(undecided);
        }
    }

    /** Both sides' items, the survivor's first, without a second item of the same {@code key}. */
    public static <T> List<T> union(List<T> survivor, List<T> duplicate, Function<T, Object> key) {
        List<T> merged = new ArrayList<>(survivor);
        Set<Object> seen = new HashSet<>();
        survivor.forEach(item -> seen.add(key.apply(item)));
        for (T item : duplicate) {
            if (seen.add(key.apply(item))) {
                merged.add(item);
            }
        }
        return merged;
    }

    /** Throws 400 for a {@code keep} entry that names no field this merge offered a choice for. */
    public void requireAllKnown() {
        List<ProblemException.FieldProblem> unknown = keep.keySet().stream()
                .filter(field -> !known.contains(field)
                        && prefixes.stream().noneMatch(p -> field.startsWith(p) && field.length() > p.length()))
                .sorted()
                .map(field -> new ProblemException.FieldProblem("keep." + field, "is not a field that can be picked"))
                .toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.invalidFields(unknown);
        }
    }

    private static boolean empty(Object value) {
        return value == null
                || (value instanceof String s && s.isBlank())
                || (value instanceof Collection<?> c && c.isEmpty())
                || (value instanceof Map<?, ?> m && m.isEmpty());
    }
}
