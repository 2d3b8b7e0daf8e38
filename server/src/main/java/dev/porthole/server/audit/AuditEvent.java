package dev.porthole.server.audit;

import java.time.Instant;

/**
 * One recorded change.
 *
 * @param authorId the user who made it, or null once that user is deleted (the name stays)
 * @param action what was done, a short sentence start such as {@code Changed setting}
 * @param target what it was done to: a setting's name, {@code Runner #12}
 * @param oldValue the value before, or null when there was none (a creation)
 * @param newValue the value after, or null when there is none (a deletion)
 */
public record AuditEvent(
        long id,
        Long authorId,
        String authorName,
        String action,
        String target,
        String oldValue,
        String newValue,
        Instant createdAt) {}
