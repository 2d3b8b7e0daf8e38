package dev.porthole.protocol.runnerapi;

/** Job states as the runner API names them in {@code PUT /jobs/:id} and the {@code Job-Status} header. */
public final class JobStates {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
    public static final String CANCELING = "canceling";
    public static final String CANCELED = "canceled";

    private JobStates() {}

    /** Whether a runner must stop the job when the server reports this status. */
    public static boolean meansAbort(String status) {
        return CANCELED.equals(status) || FAILED.equals(status);
    }
}
