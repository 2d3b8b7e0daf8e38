package dev.porthole.server.terminal;

/** What became of the terminal session a runner offered with a job request. */
public sealed interface SessionOutcome {

    /** Stored with the job: Debug can connect to it while the job runs. */
    record Accepted(JobSession session) implements SessionOutcome {}

    /** Not stored; the job runs anyway, and its page and API say why in words an administrator can act on. */
    record Refused(String reason) implements SessionOutcome {}
}
