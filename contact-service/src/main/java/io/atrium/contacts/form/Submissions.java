package io.atrium.contacts.form;

import io.atrium.contacts.consent.ConsentLedger;
import io.atrium.contacts.contact.ContactDetails;
import io.atrium.contacts.contact.ContactService;
import io.atrium.contacts.contact.LifecycleStage;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.security.ClientAddresses;
import io.atrium.platform.web.EmailAddresses;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.ProblemException.FieldProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A visitor's post of a web form (ADR 24): the form's limits and spam checks first, then the fields and consents
 * checked against its current version, then one transaction — the contact created or given what it lacks (by email),
 * the submission kept, each ticked consent in the ledger with its proof, and the contact's events in the outbox.
 * A refused or invalid post writes nothing (only its attempt is counted). A post retried with the same submission key
 * answers the first one's result.
 */
@Service
class Submissions {

    /** Hidden fields the snippet fills in: attribution, the page, and a key that makes a retry safe. */
    static final List<String> UTM = List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content");

    static final String PAGE = "_page";
    static final String REFERRER = "_referrer";
    static final String KEY = "_key";

    /** The most entries a post may have beyond the form's own fields and consents (hidden ones, a submit button). */
    private static final int EXTRA_ENTRIES = 12;

    private static final int MAX_VALUE = 2000;
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{3,40}");
    private static final Pattern KEY_PATTERN = Pattern.compile("[A-Za-z0-9_.:-]{8,100}");

    /** What a post answers: the submission and where the visitor goes next. */
    record Accepted(UUID submissionId, String redirectUrl, boolean replayed) {}

    private final FormService forms;
    private final FormRepository repository;
    private final SpamDefences defences;
    private final ContactService contacts;
    private final ConsentLedger consents;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Submissions(
            FormService forms,
            FormRepository repository,
            SpamDefences defences,
            ContactService contacts,
            ConsentLedger consents,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.forms = forms;
        this.repository = repository;
        this.defences = defences;
        this.contacts = contacts;
        this.consents = consents;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** The form as a page shows it, with a fresh fill-time ticket. */
    PublicForm show(UUID formId, String clientIp) {
        var form = forms.live(formId, false);
        FormDefinition d = form.definition();
        return new PublicForm(
                form.id(),
                form.version(),
                d.name(),
                d.fields().stream()
                        .map(f -> new PublicForm.Field(f.name(), f.label(), f.required(), inputType(f.mapsTo())))
                        .toList(),
                d.consents().stream()
                        .map(c -> new PublicForm.Consent(c.name(), c.wording(), c.required()))
                        .toList(),
                d.minFillSeconds() == 0 ? null : defences.ticket(formId, clientIp),
                FormService.SUBMIT_PATH.formatted(formId));
    }

    Accepted submit(UUID formId, Map<String, String> posted, String submissionKey, Visitor visitor) {
        var form = forms.live(formId, false);
        FormDefinition definition = form.definition();
        defences.countAddress(formId, visitor.ip(), definition);
        if (posted.size() > definition.fields().size() + definition.consents().size() + EXTRA_ENTRIES) {
            throw ProblemException.invalidField("form", "has more entries than the form has fields");
        }
        defences.check(formId, visitor.ip(), definition, posted);
        defences.countForm(formId, definition);
        String key = submissionKey != null ? submissionKey : posted.get(KEY);
        if (key != null && !KEY_PATTERN.matcher(key).matches()) {
            throw ProblemException.invalidField(KEY, "must be 8 to 100 letters, digits or . _ : -");
        }
        if (key != null) {
            Optional<FormRepository.Submission> earlier = repository.submissionByKey(formId, key);
            if (earlier.isPresent()) {
                return new Accepted(earlier.get().id(), definition.redirectUrl(), true);
            }
        }
        Map<String, String> fields = fields(definition, posted);
        List<FormDefinition.ConsentBox> ticked = ticked(definition, posted);
        Map<String, String> utm = new LinkedHashMap<>();
        for (String name : UTM) {
            String value = trimmed(posted.get(name), 200);
            if (value != null) {
                utm.put(name, value);
            }
        }
        ContactDetails offered = contact(form.id(), definition, fields, ticked);
        String actor = "form:" + form.id();
        // Two first posts of one new email at once: the second's insert meets the first's email claim; once the first
        // has committed, the second finds that contact and updates it.
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> {
                    Instant now = Timestamps.now(clock);
                    ContactService.Captured captured = contacts.capture(offered, actor);
                    UUID submissionId = TimeOrderedIds.next();
                    Map<String, String> sent = new LinkedHashMap<>(fields);
                    ticked.forEach(box -> sent.put(box.name(), "ticked"));
                    // A consent the person withdrew is not granted again by a form anyone could have sent with their
                    // email: it waits for double opt-in (issue 19); the submission keeps the ticked box.
                    Map<String, String> current =
                            consents.current(captured.contact().id());
                    repository.insertSubmission(
                            new FormRepository.Submission(
                                    submissionId,
                                    form.id(),
                                    form.version(),
                                    captured.contact().id(),
                                    captured.created() ? "created" : "updated",
                                    sent,
                                    utm,
                                    trimmed(posted.get(PAGE), 2000),
                                    trimmed(posted.get(REFERRER), 2000),
                                    visitor.ip(),
                                    now),
                            key,
                            trimmed(visitor.userAgent(), 500));
                    for (FormDefinition.ConsentBox box : ticked) {
                        if ("withdrawn".equals(current.get(box.channel() + "/" + box.purpose()))) {
                            continue;
                        }
                        consents.record(
                                captured.contact().id(),
                                box.channel(),
                                box.purpose(),
                                true,
                                "web-form",
                                box.wording(),
                                new ConsentLedger.Proof(form.id(), form.version(), submissionId, visitor.ip()),
                                actor,
                                now);
                    }
                    return new Accepted(submissionId, definition.redirectUrl(), false);
                });
            } catch (DuplicateKeyException e) {
                // The same key sent twice at once: the other post made it; answer what it made.
                if (key != null) {
                    Optional<FormRepository.Submission> earlier = repository.submissionByKey(formId, key);
                    if (earlier.isPresent()) {
                        return new Accepted(earlier.get().id(), definition.redirectUrl(), true);
                    }
                }
                throw e;
            } catch (ProblemException e) {
                if (attempt >= 2 || !"duplicate-contact-email".equals(e.type())) {
                    throw e;
                }
            }
        }
    }

    /** The visible fields' values by field name, checked; every problem named at once. */
    private static Map<String, String> fields(FormDefinition definition, Map<String, String> posted) {
        Map<String, String> values = new LinkedHashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (FormDefinition.Field field : definition.fields()) {
            String raw = posted.get(field.name());
            String value = raw == null ? null : raw.strip();
            if (value == null || value.isEmpty()) {
                if (field.required()) {
                    problems.add(new FieldProblem(field.name(), "is required"));
                }
                continue;
            }
            int max =
                    switch (field.mapsTo()) {
                        case "firstName", "lastName" -> 100;
                        case "jobTitle" -> 200;
                        case "email" -> EmailAddresses.MAX_LENGTH;
                        default -> MAX_VALUE;
                    };
            if (value.length() > max) {
                problems.add(new FieldProblem(field.name(), "must be at most " + max + " characters"));
            } else if (field.mapsTo().equals("email") && !EmailAddresses.valid(value)) {
                problems.add(new FieldProblem(field.name(), "must be an email address such as ada@example.com"));
            } else if (field.mapsTo().equals("phone") && !PHONE.matcher(value).matches()) {
                problems.add(new FieldProblem(field.name(), "must be a phone number such as +49 30 1234567"));
            } else {
                values.put(field.name(), value);
            }
        }
        for (FormDefinition.ConsentBox box : definition.consents()) {
            if (box.required() && !isTicked(posted.get(box.name()))) {
                problems.add(new FieldProblem(box.name(), "must be ticked to send the form"));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalidFields(problems);
        }
        return values;
    }

    private static List<FormDefinition.ConsentBox> ticked(FormDefinition definition, Map<String, String> posted) {
        return definition.consents().stream()
                .filter(box -> isTicked(posted.get(box.name())))
                .toList();
    }

    /** A checkbox posted by a browser says "on" (or its value); JSON says true. */
    private static boolean isTicked(String value) {
        return value != null && !value.isBlank() && !value.equalsIgnoreCase("false") && !value.equals("0");
    }

    private static ContactDetails contact(
            UUID formId,
            FormDefinition definition,
            Map<String, String> values,
            List<FormDefinition.ConsentBox> ticked) {
        Map<String, String> by = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        for (FormDefinition.Field field : definition.fields()) {
            String value = values.get(field.name());
            if (value == null) {
                continue;
            }
            if (field.mapsTo().startsWith("customFields.")) {
                custom.put(field.mapsTo().substring("customFields.".length()), value);
            } else {
                by.put(field.mapsTo(), value);
            }
        }
        boolean marketingEmail = ticked.stream()
                .anyMatch(b ->
                        b.channel().equals(ConsentLedger.EMAIL) && b.purpose().equals(ConsentLedger.MARKETING));
        String source = ("web-form: " + definition.name());
        return new ContactDetails(
                by.get("firstName"),
                by.get("lastName"),
                List.of(new ContactDetails.EmailAddress(by.get("email"), true)),
                by.containsKey("phone") ? List.of(new ContactDetails.Phone(by.get("phone"), null)) : List.of(),
                by.get("jobTitle"),
                null,
                definition.ownerId(),
                LifecycleStage.LEAD,
                definition.leadSource(),
                definition.tags(),
                null,
                custom,
                marketingEmail
                        ? new ContactDetails.Consent(
                                ContactDetails.ConsentStatus.GRANTED,
                                source.length() > 200 ? source.substring(0, 200) : source)
                        : null,
                null);
    }

    private static String inputType(String mapsTo) {
        return switch (mapsTo) {
            case "email" -> "email";
            case "phone" -> "tel";
            default -> "text";
        };
    }

    private static String trimmed(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        return stripped.length() > max ? stripped.substring(0, max) : stripped;
    }

    /** Who sent it, as far as the request says: the client's address and browser. */
    record Visitor(String ip, String userAgent) {

        /**
         * The visitor of a request: the address the gateway found ({@code Atrium-Client-Address}, set by the gateway on
         * every request whatever the client sent: the connection's peer, or behind trusted proxies the nearest address
         * they vouch for) when it is an address, else the connection's own. Services are reachable only through the
         * gateway outside a developer's machine (docs/deploy.md).
         */
        static Visitor of(jakarta.servlet.http.HttpServletRequest request) {
            String given = request.getHeader(ClientAddresses.HEADER);
            return new Visitor(
                    ClientAddresses.literal(given) != null ? given : request.getRemoteAddr(),
                    request.getHeader("User-Agent"));
        }
    }
}
