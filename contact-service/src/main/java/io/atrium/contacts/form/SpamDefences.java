package io.atrium.contacts.form;

import io.atrium.platform.web.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What stands between a public form and a bot (issue 19), each check before anything is written:
 *
 * <ul>
 *   <li>rate limits per client address (every attempt) and per form (posts past the address limit and the checks
 *       below), counted per minute in PostgreSQL so they hold across replicas and restarts;
 *   <li>a honeypot: a field people never see and bots fill ({@value #HONEYPOT});
 *   <li>a minimum fill time: the form's page fetches a ticket when it loads ({@code GET /public/forms/{id}}), signed
 *       with a key kept in the database (one for every replica) over the form, the time and the visitor's address; a
 *       post sooner than the form's minimum after the ticket, with a ticket of another form or address, older than a
 *       day or not signed by us, is refused.
 * </ul>
 */
@Component
class SpamDefences {

    static final String HONEYPOT = "_hp";
    static final String TICKET = "_ticket";
    static final Duration TICKET_LIFETIME = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private volatile byte[] secret;

    SpamDefences(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Counts this attempt against the client address's minute for the form and refuses it (429 with Retry-After) over
     * the form's limit. In a transaction of its own: the count stays when the submission is refused later, so a bot
     * that keeps trying stays refused.
     */
    void countAddress(UUID formId, String clientIp, FormDefinition form) {
        if (count("ip:" + formId + ":" + clientIp) > form.perIpPerMinute()) {
            throw ProblemException.tooManyRequests(
                    "form-rate-limited",
                    "Too many submissions of this form from your address; try again in a minute",
                    secondsToNextMinute());
        }
    }

    /**
     * Counts a post that passed the address limit and the spam checks against the form's minute, and refuses it over
     * the form's limit: one client over its own limit, or a bot, cannot use up the form's budget for everyone.
     */
    void countForm(UUID formId, FormDefinition form) {
        if (count("form:" + formId) > form.perFormPerMinute()) {
            throw ProblemException.tooManyRequests(
                    "form-rate-limited",
                    "This form is receiving too many submissions; try again in a minute",
                    secondsToNextMinute());
        }
    }

    private int count(String key) {
        return ownTransaction.execute(
                status -> jdbc.sql("""
                        insert into web_form_rate (key, window_start, hits) values (:key, date_trunc('minute', now()), 1)
                        on conflict (key, window_start) do update set hits = web_form_rate.hits + 1
                        returning hits
                        """).param("key", key).query(Integer.class).single());
    }

    private long secondsToNextMinute() {
        return 60 - Instant.now(clock).getEpochSecond() % 60;
    }

    /** The honeypot and the fill time; refused submissions are 400 {@code submission-refused}. */
    void check(UUID formId, String clientIp, FormDefinition form, Map<String, String> posted) {
        String honey = posted.get(HONEYPOT);
        if (honey != null && !honey.isEmpty()) {
            throw refused("the form was filled in a way people do not fill it");
        }
        if (form.minFillSeconds() == 0) {
            return;
        }
        String ticket = posted.get(TICKET);
        Instant issued = ticket == null ? null : issuedAt(formId, clientIp, ticket);
        if (issued == null) {
            throw refused("the form's page must be loaded before it is sent (no valid " + TICKET + ")");
        }
        Instant now = Instant.now(clock);
        if (now.isBefore(issued.plusSeconds(form.minFillSeconds()))) {
            throw refused("the form was sent faster than a person fills it in");
        }
        if (now.isAfter(issued.plus(TICKET_LIFETIME))) {
            throw refused("the form's page was loaded too long ago; reload it and send the form again");
        }
    }

    /**
     * A ticket for a page showing the form now: {@code <epoch seconds>.<signature>}, bound to the form and to the
     * address that asked for it (the same visitor posts it), so a ticket minted elsewhere is of no use to a bot farm.
     */
    String ticket(UUID formId, String clientIp) {
        long issued = Instant.now(clock).getEpochSecond();
        return issued + "." + sign(formId, clientIp, issued);
    }

    private Instant issuedAt(UUID formId, String clientIp, String ticket) {
        int dot = ticket.indexOf('.');
        if (dot <= 0 || ticket.length() > 100) {
            return null;
        }
        long issued;
        try {
            issued = Long.parseLong(ticket.substring(0, dot));
        } catch (NumberFormatException e) {
            return null;
        }
        byte[] expected = sign(formId, clientIp, issued).getBytes(StandardCharsets.US_ASCII);
        byte[] given = ticket.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Instant.ofEpochSecond(issued) : null;
    }

    private String sign(UUID formId, String clientIp, long issued) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            byte[] signature = mac.doFinal((formId + "." + issued + "." + clientIp).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The signing key: made by the first replica that needs it, read by every other. */
    private byte[] secret() {
        byte[] known = secret;
        if (known == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            known = ownTransaction.execute(status -> {
                jdbc.sql("insert into web_form_secret (id, secret) values (1, :secret) on conflict (id) do nothing")
                        .param("secret", fresh)
                        .update();
                return jdbc.sql("select secret from web_form_secret where id = 1")
                        .query(byte[].class)
                        .single();
            });
            secret = known;
        }
        return known;
    }

    /** Minutes long gone. Idempotent, so every replica may run it. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    public void deleteOldCounters() {
        jdbc.sql("delete from web_form_rate where window_start < now() - interval '1 hour'")
                .update();
    }

    static ProblemException refused(String why) {
        return new ProblemException(
                org.springframework.http.HttpStatus.BAD_REQUEST,
                "submission-refused",
                "Submission refused",
                "The submission was refused: " + why,
                Map.of("errors", List.of(new ProblemException.FieldProblem("form", why))));
    }
}
