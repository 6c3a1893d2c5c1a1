package io.atrium.platform.imports;

import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/** The import use cases behind the API: upload, map, dry run, run, cancel, progress and rejected rows. */
class Imports {

    /** Columns the rejected-rows file adds; a file of that layout maps as the original did. */
    static final String ROW_COLUMN = "Import row";

    static final String REASON_COLUMN = "Import error";

    private static final String ADMIN = "admin";

    /** The most columns a file may have (a crafted file with millions is refused at upload). */
    static final int MAX_COLUMNS = 500;

    /** The longest sample cell the job shows; the rows themselves are imported whole. */
    private static final int SAMPLE_CELL = 500;

    private final ImportJobs jobs;
    private final Map<String, ImportTarget> targets;
    private final TransactionTemplate transactions;
    private final ImportsProperties properties;
    private final Clock clock;

    Imports(
            ImportJobs jobs,
            Map<String, ImportTarget> targets,
            TransactionTemplate transactions,
            ImportsProperties properties,
            Clock clock) {
        this.jobs = jobs;
        this.targets = targets;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Stores an uploaded file as a new job and reads its header and first rows; nothing is imported yet. The mapping
     * saved for the last file of this layout is offered, or else one guessed from the column names.
     */
    ImportJobView upload(String kind, String fileName, InputStream body) {
        ImportTarget target = target(kind);
        requireImporter(target);
        UUID id = TimeOrderedIds.next();
        String actor = CurrentActor.name();
        Instant now = clock.instant();
        Path spooled = null;
        try {
            // First to a temporary file, at the network's pace, holding no database connection; then stored in one
            // short transaction.
            spooled = Files.createTempFile("atrium-upload-", ".bin");
            long size;
            try (body) {
                size = Files.copy(body, spooled, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (size == 0) {
                throw ProblemException.invalidField("file", "is empty: send the CSV or XLSX file as the request body");
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(spooled)) {
                head = in.readNBytes(1 << 16);
            }
            Tabular.Format format;
            try {
                format = Tabular.Format.detect(head);
            } catch (Tabular.UnreadableFileException e) {
                throw ProblemException.invalidField("file", e.getMessage());
            }
            Character separator = format == Tabular.Format.CSV
                    ? Tabular.detectSeparator(new String(head, StandardCharsets.UTF_8))
                    : null;
            List<String> columns;
            List<List<String>> sample = new ArrayList<>();
            try (Tabular.Rows rows = format == Tabular.Format.XLSX
                    ? Tabular.xlsx(Tabular.requireSafeWorkbook(spooled))
                    : Tabular.csv(Files.newInputStream(spooled), separator)) {
                columns = rows.header();
                if (columns.size() > MAX_COLUMNS) {
                    throw ProblemException.invalidField(
                            "file", "has " + columns.size() + " columns; an import takes at most " + MAX_COLUMNS);
                }
                Tabular.DataRow row;
                while (sample.size() < properties.sampleRows() && (row = rows.next()) != null) {
                    sample.add(row.cells().stream()
                            .limit(columns.size())
                            .map(c -> c == null || c.length() <= SAMPLE_CELL ? c : c.substring(0, SAMPLE_CELL) + "…")
                            .toList());
                }
            } catch (Tabular.UnreadableFileException e) {
                throw ProblemException.invalidField("file", e.getMessage());
            }
            ImportJob job = new ImportJob(
                    id,
                    kind,
                    actor,
                    roles(),
                    now,
                    fileName,
                    format,
                    separator,
                    size,
                    columns,
                    sample,
                    layout(kind, columns),
                    null,
                    ImportJob.UPLOADED,
                    null,
                    null,
                    0,
                    new ImportJob.Counts(0, 0, 0, 0),
                    Map.of(),
                    null,
                    null,
                    null,
                    0,
                    null,
                    null);
            Path file = spooled;
            transactions.executeWithoutResult(status -> {
                jobs.insert(job);
                try (InputStream in = Files.newInputStream(file)) {
                    jobs.storeFile(id, in, bytes -> {});
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return view(job, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(spooled);
        }
    }

    ImportJobView get(String kind, UUID id) {
        ImportTarget target = target(kind);
        return view(visible(kind, id), target);
    }

    List<ImportJobView> list(String kind) {
        ImportTarget target = target(kind);
        String creator = CurrentActor.hasRole(ADMIN) ? null : CurrentActor.name();
        return jobs.list(kind, creator, 50).stream().map(j -> view(j, target)).toList();
    }

    /** Sets the mapping: every column named exists, every field is one of the kind's, the key is mapped. */
    ImportJobView map(String kind, UUID id, ImportMapping mapping) {
        ImportTarget target = target(kind);
        requireImporter(target);
        ImportJob job = visible(kind, id);
        validate(target, job, mapping);
        if (!jobs.setMapping(job, mapping, CurrentActor.name(), clock.instant())) {
            throw state(job, "the mapping can change only before the run");
        }
        return view(jobs.find(id).orElseThrow(), target);
    }

    ImportJobView start(String kind, UUID id, String mode) {
        ImportTarget target = target(kind);
        requireImporter(target);
        ImportJob job = visible(kind, id);
        if (job.mapping() == null) {
            throw ProblemException.invalidField("mapping", "is not set: map the columns first");
        }
        if (!jobs.queue(id, mode)) {
            throw state(job, "only an uploaded or checked import can start a dry run or the run");
        }
        return view(jobs.find(id).orElseThrow(), target);
    }

    ImportJobView cancel(String kind, UUID id) {
        ImportTarget target = target(kind);
        ImportJob job = visible(kind, id);
        if (!Boolean.TRUE.equals(transactions.execute(status -> jobs.cancel(id, clock.instant())))) {
            throw state(job, "only a queued or running import can be cancelled");
        }
        return view(jobs.find(id).orElseThrow(), target);
    }

    /** The rejected rows: the file's columns, then the row number and why it was rejected. */
    void rejected(String kind, UUID id, Consumer<List<String>> header, Consumer<List<String>> rows) {
        target(kind);
        ImportJob job = visible(kind, id);
        List<String> columns = new ArrayList<>(job.columns());
        columns.add(ROW_COLUMN);
        columns.add(REASON_COLUMN);
        header.accept(columns);
        int width = job.columns().size();
        // In a transaction, so the rows stream from a cursor instead of loading at once.
        transactions.executeWithoutResult(status -> jobs.eachRejected(id, r -> {
            List<String> cells = new ArrayList<>(width + 2);
            for (int i = 0; i < width; i++) {
                cells.add(i < r.cells().size() ? r.cells().get(i) : null);
            }
            cells.add(Long.toString(r.number()));
            cells.add(r.reason());
            rows.accept(cells);
        }));
    }

    private void validate(ImportTarget target, ImportJob job, ImportMapping mapping) {
        List<ProblemException.FieldProblem> problems = new ArrayList<>();
        Map<String, String> fieldsTaken = new LinkedHashMap<>();
        mapping.columns().forEach((column, field) -> {
            String name = "columns." + column;
            if (!job.columns().contains(column)) {
                problems.add(new ProblemException.FieldProblem(name, "the file has no column of this name"));
                return;
            }
            Optional<ImportField> known = target.field(field);
            if (known.isEmpty()) {
                problems.add(new ProblemException.FieldProblem(
                        name, "no field " + field + " to import into (fields: " + names(target) + ")"));
            } else if (!known.get().repeatable() && fieldsTaken.containsKey(field)) {
                problems.add(new ProblemException.FieldProblem(
                        name, field + " is mapped from column " + fieldsTaken.get(field) + " already"));
            }
            fieldsTaken.putIfAbsent(field, column);
        });
        if (mapping.key() == null || mapping.key().isBlank()) {
            if (target.keyRequired()) {
                problems.add(new ProblemException.FieldProblem(
                        "key", "is required: the field that finds an existing record (" + keys(target) + ")"));
            }
        } else if (target.field(mapping.key()).filter(ImportField::key).isEmpty()) {
            problems.add(new ProblemException.FieldProblem(
                    "key", mapping.key() + " cannot find a record; the key is one of " + keys(target)));
        } else if (!mapping.columns().containsValue(mapping.key())) {
            problems.add(new ProblemException.FieldProblem("key", "no column is mapped to " + mapping.key()));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalidFields(problems);
        }
    }

    private static String names(ImportTarget target) {
        return target.fields().stream()
                .map(f -> f.prefix() ? f.name() + "<name>" : f.name())
                .collect(Collectors.joining(", "));
    }

    private static String keys(ImportTarget target) {
        return target.fields().stream()
                .filter(ImportField::key)
                .map(f -> f.prefix() ? f.name() + "<source>" : f.name())
                .collect(Collectors.joining(", "));
    }

    /** A mapping from the column names alone: a column whose name is a field's (or an alias of it) maps to it. */
    static ImportMapping guess(ImportTarget target, List<String> columns) {
        Map<String, String> mapped = new LinkedHashMap<>();
        for (String column : columns) {
            target.fields().stream()
                    .filter(f -> f.matches(column))
                    .filter(f -> f.repeatable() || !mapped.containsValue(f.name()))
                    .findFirst()
                    .ifPresent(f -> mapped.put(column, f.name()));
        }
        String key = target.fields().stream()
                .filter(ImportField::key)
                .map(ImportField::name)
                .filter(mapped::containsValue)
                .findFirst()
                .orElse(null);
        return new ImportMapping(mapped, key);
    }

    /** The layout of a file: its kind and column names (case aside, the rejected-rows file's extra columns aside). */
    static String layout(String kind, List<String> columns) {
        String names = columns.stream()
                .filter(c -> !c.equals(ROW_COLUMN) && !c.equals(REASON_COLUMN))
                .map(c -> c.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("\u001f"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((kind + "\u001e" + names).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ImportJobView view(ImportJob job, ImportTarget target) {
        ImportMapping suggested = job.mapping() != null
                ? null
                : jobs.savedMapping(job.kind(), job.layout())
                        .filter(m -> job.columns().containsAll(m.columns().keySet()))
                        .orElseGet(() -> guess(target, job.columns()));
        return ImportJobView.of(job, suggested, target, clock.instant());
    }

    private ImportTarget target(String kind) {
        ImportTarget target = targets.get(kind);
        if (target == null) {
            throw new ProblemException(
                    HttpStatus.NOT_FOUND,
                    "not-found",
                    "Not found",
                    "This service imports " + String.join(", ", targets.keySet()) + ", not " + kind,
                    Map.of());
        }
        return target;
    }

    /** The job if the caller created it or is an admin; otherwise it does not exist for them. */
    private ImportJob visible(String kind, UUID id) {
        return jobs.find(id)
                .filter(j -> j.kind().equals(kind))
                .filter(j -> j.createdBy().equals(CurrentActor.name()) || CurrentActor.hasRole(ADMIN))
                .orElseThrow(() -> ProblemException.notFound("import", id));
    }

    private static void requireImporter(ImportTarget target) {
        if (target.roles().stream().noneMatch(CurrentActor::hasRole)) {
            throw ProblemException.forbidden(
                    "forbidden", "Importing " + target.kind() + " takes one of the roles " + target.roles());
        }
    }

    private static List<String> roles() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            return List.of();
        }
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a != null && a.startsWith("ROLE_"))
                .map(a -> a.substring("ROLE_".length()))
                .sorted()
                .distinct()
                .toList();
    }

    private static ProblemException state(ImportJob job, String detail) {
        return ProblemException.conflict(
                "import-state", detail + " (this one is " + job.status() + ")", Map.of("status", job.status()));
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file; the OS clears its temporary directory.
            }
        }
    }
}
