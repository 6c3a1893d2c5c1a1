package io.atrium.deals.deal;

import io.atrium.deals.pipeline.PipelineService;
import io.atrium.deals.pipeline.PipelineView;
import io.atrium.deals.pipeline.Stage;
import io.atrium.deals.pipeline.StagePlacement;
import io.atrium.platform.access.People;
import io.atrium.platform.access.Person;
import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.imports.ImportCells;
import io.atrium.platform.imports.ImportContext;
import io.atrium.platform.imports.ImportField;
import io.atrium.platform.imports.ImportReferences;
import io.atrium.platform.imports.ImportRow;
import io.atrium.platform.imports.ImportTarget;
import io.atrium.platform.imports.RowOutcome;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.references.ReferenceDirectory;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ProblemException;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Deals from a file (platform/imports). Deals have no natural key: a mapping keyed by {@code externalIds.<source>}
 * finds a row's deal by its id in that system (and a second run changes nothing); one without a key creates a deal
 * from every row. A row sets the fields its cells fill — a blank cell leaves a field as it is; tags and contacts are
 * added to — and its pipeline and stage by name (case aside): the pipeline defaults to the deal's own, or for a new
 * deal to the first live pipeline in the API's order (by name, as the board shows them), the stage to the deal's own,
 * or the pipeline's first; a different stage moves the deal (one {@code stage-changed} event, as the API's move).
 * Contacts are named by email or their id in another system, the company by its id in another system, its domain or
 * its name, from the replica of contact-service's records this service keeps (ImportReferences). An import creates
 * and changes open deals only: winning, losing and reopening record who closed a deal and when, which a file cannot
 * say, so a row that asks for it is rejected.
 *
 * <p>The API's checks decide each row: validation, record access of the job's creator (a deal they may change; an
 * owner whose deal they could change; only the owner, their manager or an admin re-owns one), active owners, stages
 * of live pipelines, one live deal per external id. A batch is applied set-based: one lookup of its ids, one locked
 * read of the deals they find, one of the names its references use, then one statement inserts the new deals with
 * their events, two write the changed ones, one the stage history, one claims the external ids.
 */
@Component
class DealImport implements ImportTarget {

    private static final List<ImportField> FIELDS = Stream.of(
                    List.of(
                            ImportField.of("title", "Title", "deal", "deal name", "deal title", "name", "opportunity"),
                            ImportField.of("amount", "Amount (1200.50)", "value", "deal value", "deal amount", "price"),
                            ImportField.of("currency", "Currency (ISO code such as EUR)", "currency code"),
                            ImportField.of(
                                    "expectedCloseDate",
                                    "Expected close date (2026-12-31)",
                                    "close date",
                                    "closing date",
                                    "expected close",
                                    "close"),
                            ImportField.of("pipeline", "Pipeline (by name)", "pipeline name"),
                            ImportField.of("stage", "Stage (by name)", "deal stage", "stage name"),
                            ImportField.of("status", "Status (open)", "deal status", "state"),
                            ImportField.of("ownerId", "Owner (user name or email)", "owner", "deal owner"),
                            ImportField.of("leadSource", "Lead source", "source"),
                            ImportField.of("tags", "Tags (separated by ; or ,)", "tag", "labels")
                                    .asRepeatable(),
                            ImportCells.CUSTOM_FIELDS_FIELD,
                            ImportCells.EXTERNAL_IDS_FIELD),
                    ImportReferences.CONTACT_FIELDS,
                    ImportReferences.COMPANY_FIELDS)
            .flatMap(List::stream)
            .toList();

    /** A decimal with a point, optionally with comma thousands separators: {@code 1200.50}, {@code 1,200.50}. */
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?|[0-9]+(\\.[0-9]+)?");

    private static final String CLOSED =
            "status: an import creates and changes open deals only; win, lose or reopen a deal in Atrium, which"
                    + " records who closed it and when";

    private final DealRepository deals;
    private final PipelineService pipelines;
    private final ImportReferences references;
    private final EventOutbox outbox;
    private final People people;
    private final RecordAccess access;
    private final Validator validator;
    private final Clock clock;

    DealImport(
            DealRepository deals,
            PipelineService pipelines,
            ReferenceDirectory directory,
            EventOutbox outbox,
            People people,
            RecordAccess access,
            Validator validator,
            Clock clock) {
        this.deals = deals;
        this.pipelines = pipelines;
        this.references = new ImportReferences(directory);
        this.outbox = outbox;
        this.people = people;
        this.access = access;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "deals";
    }

    @Override
    public List<ImportField> fields() {
        return FIELDS;
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.ADMIN, Roles.SALES);
    }

    @Override
    public boolean keyRequired() {
        return false;
    }

    @Override
    public String normalizeKey(String field, String value) {
        return ImportCells.externalIdKey(value);
    }

    @Override
    public List<RowOutcome> apply(List<ImportRow> rows, ImportContext context) {
        Instant now = Timestamps.now(clock);
        String actor = context.actor();
        String source = ImportCells.externalIdSource(context.key());
        List<RowOutcome> outcomes = new ArrayList<>(rows.size());

        Map<String, UUID> byExternalId = source == null
                ? Map.of()
                : deals.externalIds()
                        .find(
                                source,
                                rows.stream()
                                        .map(r -> ImportCells.externalIdKey(r.value(context.key())))
                                        .filter(Objects::nonNull)
                                        .collect(Collectors.toSet()));
        Map<UUID, Deal> existing = deals.findAllLiveForUpdate(new HashSet<>(byExternalId.values()));
        Map<ImportRow, ImportReferences.Resolved> named = references.resolve(rows);
        Map<String, Person> owners = people.bySubjectOrEmail(rows.stream()
                .map(r -> r.value("ownerId"))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet()));
        Pipelines live = new Pipelines(pipelines.list(false));
        Scope readable = access.read(RecordType.DEAL);
        Scope writable = access.write(RecordType.DEAL);

        Set<UUID> touched = new HashSet<>();
        Map<UUID, StagePlacement> entered = new HashMap<>();
        List<Deal> created = new ArrayList<>();
        List<Deal> changed = new ArrayList<>();
        Map<UUID, Map<String, String>> claims = new LinkedHashMap<>();
        for (ImportRow row : rows) {
            UUID keyed = source == null ? null : byExternalId.get(ImportCells.externalIdKey(row.value(context.key())));
            Deal deal = keyed == null ? null : existing.get(keyed);
            String reason = null;
            if (deal != null && !touched.add(deal.id())) {
                reason = context.key() + ": an earlier row of this batch changed this deal";
            } else if (deal != null && !readable.permits(deal.details().ownerId())) {
                reason = context.key() + ": belongs to a deal you cannot see";
            } else if (deal != null && !writable.permits(deal.details().ownerId())) {
                reason = context.key() + ": belongs to a deal you may not change";
            } else if (named.get(row).problem() != null) {
                reason = named.get(row).problem();
            }
            if (reason != null) {
                outcomes.add(RowOutcome.rejected(row, reason));
                continue;
            }
            String status = status(row, deal);
            if (status != null) {
                outcomes.add(RowOutcome.rejected(row, status));
                continue;
            }
            Placed placed = live.place(row, deal);
            boolean moves = deal == null || !placed.stageId().equals(deal.stageId());
            if (placed.problem() == null && deal != null && moves && deal.status() != DealStatus.OPEN) {
                placed = new Placed(
                        null,
                        "stage: the deal is " + deal.status().wire() + "; reopen it in Atrium before you move it");
            }
            if (placed.problem() != null) {
                outcomes.add(RowOutcome.rejected(row, placed.problem()));
                continue;
            }
            DealDetails base = deal == null ? empty(actor) : deal.details();
            Merged merged = merge(base, row, named.get(row), owners);
            if (merged.problem() != null) {
                outcomes.add(RowOutcome.rejected(row, merged.problem()));
                continue;
            }
            DealDetails next = merged.details();
            String violations = ImportCells.violations(validator, next, DealImport::columnOf);
            if (violations != null) {
                outcomes.add(RowOutcome.rejected(row, violations));
                continue;
            }
            String ownerProblem = owner(deal, next);
            if (ownerProblem != null) {
                outcomes.add(RowOutcome.rejected(row, ownerProblem));
                continue;
            }
            // The stage a deal enters is locked against its removal until the batch commits, as the API's create and
            // move do it.
            StagePlacement placement = moves
                    ? entered.computeIfAbsent(
                            placed.stageId(), id -> pipelines.enter(id).orElse(null))
                    : null;
            if (moves && (placement == null || !placement.open())) {
                outcomes.add(RowOutcome.rejected(row, "stage: was removed, or its pipeline archived, meanwhile"));
                continue;
            }
            if (deal == null) {
                Deal fresh =
                        Deal.create(TimeOrderedIds.next(), next, placement.pipelineId(), placed.stageId(), actor, now);
                created.add(fresh);
                if (!fresh.details().externalIds().isEmpty()) {
                    claims.put(fresh.id(), fresh.details().externalIds());
                }
                outcomes.add(RowOutcome.created(row));
                continue;
            }
            boolean updated = deal.update(next, actor, now);
            boolean moved = moves && deal.moveTo(placement.pipelineId(), placed.stageId(), actor, now);
            if (updated || moved) {
                changed.add(deal);
                if (!deal.details().externalIds().equals(base.externalIds())) {
                    claims.put(deal.id(), deal.details().externalIds());
                }
                outcomes.add(RowOutcome.updated(row));
            } else {
                outcomes.add(RowOutcome.unchanged(row));
            }
        }
        write(created, changed, claims);
        return outcomes;
    }

    private void write(List<Deal> created, List<Deal> changed, Map<UUID, Map<String, String>> claims) {
        List<DomainEvent> createdEvents = new ArrayList<>();
        created.forEach(d -> createdEvents.addAll(d.pullEvents()));
        deals.insertAll(created, outbox.prepareBulk(createdEvents));
        List<DomainEvent> changedEvents = new ArrayList<>();
        changed.forEach(d -> changedEvents.addAll(d.pullEvents()));
        deals.updateAll(changed, outbox.prepareBulk(changedEvents));
        if (!deals.externalIds().claimAll(claims).isEmpty()) {
            // Another writer claimed an id since the lookup: the batch is retried row by row, naming it.
            throw ProblemException.conflict(
                    "duplicate-deal-external-id",
                    "externalIds: belongs to another deal (claimed while the import ran)",
                    Map.of("field", "externalIds"));
        }
    }

    /** Why the row's status cannot be, or null: an import creates and changes open deals only. */
    private static String status(ImportRow row, Deal deal) {
        String cell = row.value("status");
        if (cell == null) {
            return null;
        }
        DealStatus wanted = ImportCells.constant(cell, DealStatus.class, DealStatus::wire);
        if (wanted == null) {
            return "status: must be one of open, won, lost";
        }
        return wanted == (deal == null ? DealStatus.OPEN : deal.status()) ? null : CLOSED;
    }

    /** Why the deal's owner cannot be who the row says, or null. */
    private String owner(Deal deal, DealDetails next) {
        if (deal == null) {
            return access.write(RecordType.DEAL).permits(next.ownerId())
                    ? null
                    : "ownerId: your roles do not let you create a deal owned by this user: you could not change it";
        }
        return next.ownerId().equals(deal.details().ownerId())
                        || access.ownerOrManager(deal.details().ownerId())
                ? null
                : "ownerId: only the deal's owner, their manager or an admin may change its owner";
    }

    private record Merged(DealDetails details, String problem) {}

    /** {@code base} with the row's cells: blank cells leave fields as they are, tags and contacts are added to. */
    private static Merged merge(
            DealDetails base, ImportRow row, ImportReferences.Resolved named, Map<String, Person> owners) {
        String ownerId = base.ownerId();
        String ownerCell = row.value("ownerId");
        if (ownerCell != null) {
            Person owner = owners.get(ownerCell);
            if (owner == null || !owner.active()) {
                return new Merged(null, "ownerId: no active user with this user name or email");
            }
            ownerId = owner.subject();
        }
        Money amount = base.amount();
        String amountCell = row.value("amount");
        String currencyCell = row.value("currency");
        if (amountCell != null || currencyCell != null) {
            BigDecimal value = amount == null ? null : amount.value();
            if (amountCell != null) {
                String digits = amountCell.replace(" ", "").replace("\u00a0", "");
                if (!AMOUNT.matcher(digits).matches()) {
                    return new Merged(null, "amount: must be a number such as 1200.50");
                }
                value = new BigDecimal(digits.replace(",", ""));
            }
            String currency = currencyCell != null
                    ? currencyCell.toUpperCase(Locale.ROOT)
                    : amount == null ? null : amount.currency();
            if (value == null) {
                return new Merged(null, "amount: is required with a currency");
            }
            if (currency == null) {
                return new Merged(null, "currency: is required with an amount (an ISO code such as EUR)");
            }
            amount = new Money(value, currency);
        }
        LocalDate close = base.expectedCloseDate();
        if (row.value("expectedCloseDate") != null) {
            close = ImportCells.date(row.value("expectedCloseDate"));
            if (close == null) {
                return new Merged(null, "expectedCloseDate: must be a date such as 2026-12-31");
            }
        }
        LinkedHashSet<UUID> contacts = new LinkedHashSet<>(base.contactIds());
        contacts.addAll(named.contactIds());
        UUID primary = base.primaryContactId() != null
                ? base.primaryContactId()
                : named.contactIds().isEmpty() ? null : named.contactIds().getFirst();
        return new Merged(
                new DealDetails(
                        ImportCells.or(row.value("title"), base.title()),
                        amount,
                        close,
                        ownerId,
                        primary,
                        List.copyOf(contacts),
                        named.companyId() != null ? named.companyId() : base.companyId(),
                        ImportCells.or(row.value("leadSource"), base.leadSource()),
                        ImportCells.tags(row, "tags", base.tags()),
                        ImportCells.customFields(row, base.customFields()),
                        ImportCells.externalIds(row, base.externalIds())),
                null);
    }

    /** Where a row puts its deal: a stage, or why it cannot. */
    private record Placed(UUID stageId, String problem) {}

    /** The live pipelines, by lower-cased name, in the API's order (the first is the default). */
    private static final class Pipelines {

        private final List<PipelineView> all;
        private final Map<String, PipelineView> byName = new HashMap<>();
        private final Map<UUID, PipelineView> byId = new HashMap<>();

        Pipelines(List<PipelineView> all) {
            this.all = all;
            for (PipelineView pipeline : all) {
                byName.put(pipeline.name().toLowerCase(Locale.ROOT), pipeline);
                byId.put(pipeline.id(), pipeline);
            }
        }

        /**
         * The stage the row names, in the pipeline it names; else the deal's own stage (or its pipeline's first, for
         * a deal whose row names another pipeline); a new deal without a pipeline goes to the default pipeline.
         */
        Placed place(ImportRow row, Deal deal) {
            String pipelineCell = row.value("pipeline");
            String stageCell = row.value("stage");
            PipelineView pipeline;
            if (pipelineCell != null) {
                pipeline = byName.get(pipelineCell.toLowerCase(Locale.ROOT));
                if (pipeline == null) {
                    return new Placed(null, "pipeline: no live pipeline has this name");
                }
            } else if (deal != null) {
                pipeline = byId.get(deal.pipelineId());
                if (pipeline == null && stageCell == null) {
                    return new Placed(deal.stageId(), null);
                }
                if (pipeline == null) {
                    return new Placed(null, "pipeline: the deal's pipeline is archived; name a live one");
                }
            } else if (all.isEmpty()) {
                return new Placed(null, "pipeline: there is no live pipeline to create deals in");
            } else {
                pipeline = all.getFirst();
            }
            if (stageCell == null) {
                boolean stays = deal != null && deal.pipelineId().equals(pipeline.id());
                return new Placed(
                        stays ? deal.stageId() : pipeline.stages().getFirst().id(), null);
            }
            List<Stage> stages = pipeline.stages().stream()
                    .filter(s -> s.name().equalsIgnoreCase(stageCell))
                    .toList();
            if (stages.isEmpty()) {
                return new Placed(null, "stage: the pipeline has no stage of this name");
            }
            if (stages.size() > 1) {
                return new Placed(null, "stage: the pipeline has several stages of this name");
            }
            return new Placed(stages.getFirst().id(), null);
        }
    }

    /** A property path as the file knows it: {@code amount.currency} is the currency column. */
    private static String columnOf(String path) {
        if (path.equals("amount.currency")) {
            return "currency";
        }
        if (path.startsWith("amount.")) {
            return "amount";
        }
        if (path.startsWith("contactIds")) {
            return "contactEmail";
        }
        return path;
    }

    private static DealDetails empty(String actor) {
        return new DealDetails(null, null, null, actor, null, List.of(), null, null, List.of(), Map.of(), Map.of());
    }
}
