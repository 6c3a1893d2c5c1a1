package io.atrium.platform.imports;

import java.util.List;
import java.util.Optional;

/**
 * What one kind of record means to an import: the fields a column can map to, which of them can be the key that
 * finds an existing record, and how a batch of mapped rows is applied. A service declares one bean per kind it owns;
 * this module does the rest (upload, mapping, dry run, the run in batches, progress, rejected rows, cancel, resume).
 *
 * <p>{@link #apply} runs in the batch's transaction, as the job's creator (their record access applies), and must
 * publish each record's ordinary events through the outbox. It may work set-based for speed and throw when something
 * it did not foresee fails (a concurrent writer took an email): the batch is then retried one row at a time, each row
 * in its own savepoint, and a row that throws a caller's error (a 4xx {@code ProblemException}) is rejected with it.
 * For a dry run the batch's writes are rolled back after it reports what it did.
 */
public interface ImportTarget {

    /** The kind as the API names it, e.g. {@code contacts}. */
    String kind();

    /** The fields a column can map to; a field ending in {@code .} takes any name after it (customFields.x). */
    List<ImportField> fields();

    /** The roles that may import this kind (those that may create one), e.g. {@code admin, sales}. */
    java.util.Set<String> roles();

    /**
     * Whether a mapping must name a key. A kind whose records have no natural key (deals, activities) may be imported
     * without one: then every row creates a record, and a second run of the same file creates them again.
     */
    default boolean keyRequired() {
        return true;
    }

    /** The field of {@code name}, a prefix field matching it included. */
    default Optional<ImportField> field(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return fields().stream()
                .filter(f -> f.prefix()
                        ? name.startsWith(f.name()) && name.length() > f.name().length()
                        : f.name().equals(name))
                .findFirst();
    }

    /**
     * The key value of {@code value} in field {@code field}, normalised as the record's uniqueness is (an email
     * lower-cased): two rows with the same key are the same record.
     */
    String normalizeKey(String field, String value);

    /** Applies the rows, in order, and says what became of each. */
    List<RowOutcome> apply(List<ImportRow> rows, ImportContext context);
}
