package io.atrium.platform.live;

/**
 * One change pushed to the browsers that may see it, as a server-sent event: {@code event: <name>}, {@code id: <id>}
 * and {@code data: <data as JSON>}. It is a hint that something changed (the app refetches through the API, which
 * applies every rule again), so it carries ids and what a board or inbox needs to know, never more of the record
 * than its audience may read.
 *
 * @param name the SSE event name, e.g. {@code deal}
 * @param id the id of the event that caused it (the CloudEvent's id), so a client can tell repeats apart
 * @param data the payload, serialised as JSON
 */
public record LiveEvent(String name, String id, Object data) {}
