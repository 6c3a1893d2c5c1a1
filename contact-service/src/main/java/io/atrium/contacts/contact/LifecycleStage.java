package io.atrium.contacts.contact;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.platform.web.ProblemException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a contact stands in the marketing and sales funnel. Wire names are stable strings. */
public enum LifecycleStage {
    SUBSCRIBER("subscriber"),
    LEAD("lead"),
    MARKETING_QUALIFIED("marketing-qualified"),
    SALES_QUALIFIED("sales-qualified"),
    OPPORTUNITY("opportunity"),
    CUSTOMER("customer"),
    EVANGELIST("evangelist"),
    OTHER("other");

    private final String wire;

    LifecycleStage(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static LifecycleStage fromWire(String value) {
        return Arrays.stream(values())
                .filter(s -> s.wire.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown lifecycle stage " + value));
    }

    /** Parses a query parameter; anything unknown is a 400 naming {@code field}. */
    static LifecycleStage parameter(String field, String value) {
        try {
            return value == null ? null : fromWire(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(
                    field,
                    "must be one of "
                            + Arrays.stream(values()).map(LifecycleStage::wire).collect(Collectors.joining(", ")));
        }
    }
}
