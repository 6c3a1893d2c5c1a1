package io.atrium.deals.deal;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;
import java.util.UUID;

/**
 * A deal as the API returns it: the deal itself, whether it is rotting now, and the display names of what it refers
 * to (pipeline, stage, contacts, company) by id — kept here, so they show while contact-service is down.
 */
public record DealResponse(@JsonUnwrapped DealView deal, boolean rotting, Map<UUID, String> names) {}
