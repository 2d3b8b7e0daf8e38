package dev.porthole.server.terminal;

/** Whether a user may open a terminal into a job now, and if not, what (if anything) to tell them. */
public sealed interface DebugDecision {

    /** Debug is offered: the user started the job, may update it, and it is running with a session. */
    record Allowed(JobSession session) implements DebugDecision {}

    /** The job's owner sees why: the runner offered no terminal, or its session was refused (the reason). */
    record UnavailableForOwner(String reason) implements DebugDecision {}

    /** Nothing to show: not this user's job, not running, or not allowed to update it. */
    record Hidden() implements DebugDecision {}
}
