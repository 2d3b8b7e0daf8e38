package dev.porthole.server.debughold;

import java.time.Instant;

/** What Extend or Release did. */
public sealed interface HoldChange {
    /** Extended: the hold now ends at {@code endsAt}; {@code capped} when the maximum cut the extension short. */
    record Extended(Instant endsAt, boolean capped) implements HoldChange {}

    /** Released: the runner ends the job at its next contact. */
    record Released() implements HoldChange {}

    /** The hold already ends at the latest the administrator allows. */
    record AtMaximum(Instant endsAt) implements HoldChange {}

    /** The job is not held (never was, or the hold is over). */
    record NotHeld() implements HoldChange {}
}
