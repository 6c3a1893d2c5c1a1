package io.atrium.platform.access;

import java.util.UUID;

/**
 * A user as this service knows them from the directory.
 *
 * @param subject the {@code sub} of their tokens, which records use to name owners and assignees
 */
public record Person(
        UUID id, String subject, String name, String email, boolean active, UUID managerId, String timeZone) {}
