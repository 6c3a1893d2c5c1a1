package io.atrium.platform.events;

import java.util.List;

/** An event that breaks its schema: a programming error in the producer, refused before it reaches the outbox. */
public class InvalidEventException extends IllegalStateException {

    private final List<String> violations;

    public InvalidEventException(String type, List<String> violations) {
        super("Event " + type + " breaks its schema: " + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
