package dev.porthole.runner.executor;

/** How a step ended. */
public sealed interface StepResult {
    /** The step's shell exited with this code (0: success). */
    record Exited(int code) implements StepResult {}

    /** The step ran longer than its timeout and was killed. */
    record TimedOut() implements StepResult {}

    /** The step was stopped from outside (cancel, job timeout, shutdown) and killed. */
    record Stopped() implements StepResult {}
}
