package io.atrium.reporting.projection;

import java.util.List;

/** The topics reporting-service reads: every aggregate the views are built from. */
public final class Topics {

    public static final List<String> ALL =
            List.of("crm.contact", "crm.company", "crm.deal", "crm.pipeline", "crm.activity", "crm.task", "crm.ticket");

    private Topics() {}

    /** {@code crm.deal.won.v1} travels on {@code crm.deal}. */
    static String of(String eventType) {
        return eventType.substring(0, eventType.indexOf('.', "crm.".length()));
    }
}
