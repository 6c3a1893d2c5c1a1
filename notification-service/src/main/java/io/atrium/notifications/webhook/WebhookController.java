package io.atrium.notifications.webhook;

import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.ProblemException.FieldProblem;
import io.atrium.platform.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Webhook subscriptions of external systems, their delivery log and manual redelivery: administrators only. A
 * subscription's secret is shown once, when it is created or rotated.
 */
@Tag(
        name = "Webhooks",
        description =
                "Signed webhooks (Standard Webhooks) that deliver Atrium's events to external systems, with their delivery log (admins).")
@RestController
@RequestMapping("/api/v1/webhooks")
@PreAuthorize(Roles.MANAGE_WEBHOOKS)
class WebhookController {

    private static final Set<String> STATUSES = Set.of("pending", "succeeded", "failed");

    /** Bounds checked before anything else looks at a value, so no pattern or DNS lookup sees an oversized one. */
    static final int MAX_URL = 2048;

    static final int MAX_DESCRIPTION = 500;
    static final int MAX_EVENT_TYPES = 50;
    static final int MAX_EVENT_TYPE = 200;
    static final int MAX_FILTERS = 20;
    static final int MAX_FILTER_PATH = 200;
    static final int MAX_FILTER_VALUE = 1000;

    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final GuardedDnsResolver resolver;
    private final WebhookProperties properties;
    private final CursorCodec cursors;
    private final Clock clock;

    WebhookController(
            Subscriptions subscriptions,
            Deliveries deliveries,
            TargetGuard guard,
            DnsResolver webhookDnsResolver,
            WebhookProperties properties,
            CursorCodec cursors,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.resolver = new GuardedDnsResolver(webhookDnsResolver, guard);
        this.properties = properties;
        this.cursors = cursors;
        this.clock = clock;
    }

    /** A new subscription, or a change of one: absent fields are left as they are. */
    public record SubscriptionRequest(
            String url, String description, List<String> eventTypes, JsonNode filters, Boolean active) {}

    /** A subscription with its secret: only in the answer to a create or a rotation. */
    public record SubscriptionWithSecret(Subscription.SubscriptionView subscription, String secret) {}

    @Operation(
            operationId = "createWebhookSubscription",
            summary = "Create a webhook subscription",
            description =
                    "Answers the signing secret once; the URL must be https and public. 409 when a subscription already delivers to the URL.")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiErrors(HttpStatus.CONFLICT)
    @PostMapping("/subscriptions")
    @Transactional
    ResponseEntity<SubscriptionWithSecret> create(@RequestBody SubscriptionRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        description(request.description(), problems);
        URI url = url(request.url(), problems, true);
        EventSelector selector = selector(request.eventTypes(), request.filters(), problems, true);
        if (!problems.isEmpty()) {
            throw ProblemException.invalidFields(problems);
        }
        Subscription subscription = Subscription.create(
                url,
                request.description(),
                selector,
                request.active() == null || request.active(),
                CurrentActor.name(),
                Timestamps.now(clock));
        if (subscriptions.countForCreation() >= properties.maxSubscriptions()) {
            throw ProblemException.conflict(
                    "webhook-subscription-limit",
                    "This installation already has the most webhook subscriptions it may have ("
                            + properties.maxSubscriptions()
                            + ", atrium.webhooks.max-subscriptions); delete one first",
                    Map.of("limit", properties.maxSubscriptions()));
        }
        subscriptions.insert(subscription);
        Subscription.SubscriptionView view = subscription.view();
        return Responses.created(
                "/api/v1/webhooks/subscriptions", view, new SubscriptionWithSecret(view, subscription.secret()));
    }

    @Operation(operationId = "listWebhookSubscriptions", summary = "List webhook subscriptions")
    @GetMapping("/subscriptions")
    List<Subscription.SubscriptionView> list() {
        return subscriptions.all().stream().map(Subscription::view).toList();
    }

    @Operation(operationId = "getWebhookSubscription", summary = "Get a webhook subscription")
    @GetMapping("/subscriptions/{id}")
    ResponseEntity<Subscription.SubscriptionView> get(@PathVariable UUID id) {
        Subscription subscription = subscriptions.find(id).orElseThrow(() -> notFound(id));
        return Responses.ok(subscription.view());
    }

    /** Changes a subscription; {@code active: true} turns a disabled one back on and resumes its deliveries. */
    @Operation(
            operationId = "updateWebhookSubscription",
            summary = "Change a webhook subscription",
            description =
                    "Absent fields stay as they are; active=true turns a disabled one back on and resumes its deliveries. Conditional when If-Match is sent.")
    @PatchMapping("/subscriptions/{id}")
    @Transactional
    ResponseEntity<Subscription.SubscriptionView> update(
            @PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody SubscriptionRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        description(request.description(), problems);
        URI url = request.url() == null ? null : url(request.url(), problems, true);
        EventSelector selector = request.eventTypes() == null && request.filters() == null
                ? null
                : selector(request.eventTypes(), request.filters(), problems, false);
        if (!problems.isEmpty()) {
            throw ProblemException.invalidFields(problems);
        }
        Subscription subscription = subscriptions.lock(id).orElseThrow(() -> notFound(id));
        ConditionalRequests.check(ConditionalRequests.optionalVersion(ifMatch), subscription.version());
        if (selector != null) {
            selector = new EventSelector(
                    request.eventTypes() == null ? subscription.selector().eventTypes() : selector.eventTypes(),
                    request.filters() == null ? subscription.selector().filters() : selector.filters());
        }
        subscription.change(url, request.description(), selector, request.active(), Timestamps.now(clock));
        subscriptions.update(subscription);
        return Responses.ok(subscription.view());
    }

    @Operation(operationId = "deleteWebhookSubscription", summary = "Delete a webhook subscription")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/subscriptions/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!subscriptions.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** A new secret; the old one keeps signing beside it for {@code atrium.webhooks.secret-overlap} (24 h). */
    @Operation(
            operationId = "rotateWebhookSecret",
            summary = "Rotate a subscription's signing secret",
            description = "The old secret keeps signing beside the new one for atrium.webhooks.secret-overlap (24 h).")
    @PostMapping("/subscriptions/{id}/rotate-secret")
    @Transactional
    SubscriptionWithSecret rotate(@PathVariable UUID id) {
        Subscription subscription = subscriptions.lock(id).orElseThrow(() -> notFound(id));
        String secret = subscription.rotateSecret(properties.secretOverlap(), Timestamps.now(clock));
        subscriptions.update(subscription);
        return new SubscriptionWithSecret(subscription.view(), secret);
    }

    /** The delivery log, newest first: status, last response code, latency, attempts. */
    @Operation(
            operationId = "listWebhookDeliveries",
            summary = "List a subscription's deliveries",
            description = "Newest first: status, last response code, latency, attempts.")
    @GetMapping("/subscriptions/{id}/deliveries")
    Page<Deliveries.DeliveryView> deliveries(
            @PathVariable UUID id,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalidField("status", "must be pending, succeeded or failed");
        }
        subscriptions.find(id).orElseThrow(() -> notFound(id));
        int size = Page.limit(limit);
        Long before = after == null ? null : cursors.decode(after, Long.class);
        List<Deliveries.DeliveryPosition> fetched = deliveries.log(id, status, before, size + 1);
        return Page.of(fetched, size, Deliveries.DeliveryPosition::position, cursors)
                .map(Deliveries.DeliveryPosition::view);
    }

    /** One delivery with every attempt. */
    @Operation(operationId = "getWebhookDelivery", summary = "Get a delivery with its attempts")
    @GetMapping("/deliveries/{id}")
    Deliveries.DeliveryView delivery(@PathVariable UUID id) {
        return deliveries.find(id).orElseThrow(() -> ProblemException.notFound("webhook delivery", id));
    }

    /** Sends a delivery again (succeeded or failed ones too), with a fresh retry window. */
    @Operation(
            operationId = "redeliverWebhook",
            summary = "Redeliver a delivery",
            description = "Sends it again with a fresh retry window, whatever its status.")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ApiErrors(HttpStatus.CONFLICT)
    @PostMapping("/deliveries/{id}/redeliver")
    ResponseEntity<Deliveries.DeliveryView> redeliver(@PathVariable UUID id) {
        if (!deliveries.redeliver(id, Timestamps.now(clock))) {
            throw ProblemException.notFound("webhook delivery", id);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(deliveries.find(id).orElseThrow());
    }

    private static void description(String value, List<FieldProblem> problems) {
        if (value != null && value.length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
    }

    private URI url(String value, List<FieldProblem> problems, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new FieldProblem("url", "is required"));
            }
            return null;
        }
        if (value.length() > MAX_URL) {
            problems.add(new FieldProblem("url", "must be at most " + MAX_URL + " characters"));
            return null;
        }
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            problems.add(new FieldProblem("url", "is not a URL"));
            return null;
        }
        if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
            problems.add(new FieldProblem("url", "must be an absolute http or https URL"));
            return null;
        }
        if (url.getUserInfo() != null) {
            problems.add(new FieldProblem("url", "must not carry credentials; receivers verify the signature"));
            return null;
        }
        // The host goes through the same guard, as the same text, as when a delivery connects.
        String host = url.getHost();
        try {
            resolver.resolve(host);
        } catch (GuardedDnsResolver.RefusedTargetException e) {
            problems.add(new FieldProblem(
                    "url",
                    e.address() == null
                            ? "host is " + e.reason() + "; not allowed"
                            : "resolves to " + e.address().getHostAddress() + ", a " + e.reason() + "; not allowed"));
            return null;
        } catch (UnknownHostException e) {
            problems.add(new FieldProblem("url", "host " + host + " does not resolve"));
            return null;
        }
        return url;
    }

    private static EventSelector selector(
            List<String> eventTypes, JsonNode filters, List<FieldProblem> problems, boolean typesRequired) {
        List<String> types = eventTypes == null ? List.of() : eventTypes;
        if (eventTypes != null || typesRequired) {
            if (types.isEmpty()) {
                problems.add(new FieldProblem("eventTypes", "must list at least one event type or pattern"));
            }
            if (types.size() > MAX_EVENT_TYPES) {
                problems.add(new FieldProblem("eventTypes", "must list at most " + MAX_EVENT_TYPES + " entries"));
                types = List.of();
            }
            for (int i = 0; i < types.size(); i++) {
                String type = types.get(i);
                if (type == null
                        || type.length() > MAX_EVENT_TYPE
                        || !EventSelector.TYPE_PATTERN.matcher(type).matches()) {
                    problems.add(new FieldProblem(
                            "eventTypes[" + i + "]",
                            "must be an event type (crm.deal.won.v1) or a pattern (crm.deal.*) of at most "
                                    + MAX_EVENT_TYPE + " characters"));
                }
            }
        }
        Map<String, String> filterMap = new java.util.LinkedHashMap<>();
        if (filters != null && !filters.isNull()) {
            if (!filters.isObject()) {
                problems.add(new FieldProblem("filters", "must be an object of paths and values"));
            } else if (filters.size() > MAX_FILTERS) {
                problems.add(new FieldProblem("filters", "must hold at most " + MAX_FILTERS + " filters"));
            } else {
                for (Map.Entry<String, JsonNode> filter : filters.properties()) {
                    String key = filter.getKey();
                    if (key.length() > MAX_FILTER_PATH) {
                        problems.add(new FieldProblem(
                                "filters", "paths must be at most " + MAX_FILTER_PATH + " characters"));
                        continue;
                    }
                    String field = "filters." + key;
                    if (!EventSelector.FILTER_PATH.matcher(key).matches()) {
                        problems.add(new FieldProblem(field, "must be a path such as data.deal.pipelineId or source"));
                    } else if (!filter.getValue().isValueNode()
                            || filter.getValue().isNull()) {
                        problems.add(new FieldProblem(field, "must be a string, number or boolean"));
                    } else if (filter.getValue().asString().length() > MAX_FILTER_VALUE) {
                        problems.add(new FieldProblem(field, "must be at most " + MAX_FILTER_VALUE + " characters"));
                    } else {
                        filterMap.put(filter.getKey(), filter.getValue().asString());
                    }
                }
            }
        }
        return new EventSelector(types, filterMap);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("webhook subscription", id);
    }
}
