package dev.porthole.protocol.runnerapi;

/** Header names of the runner API, spelled as GitLab spells them. */
public final class RunnerApiHeaders {
    public static final String JOB_TOKEN = "JOB-TOKEN";
    public static final String RUNNER_TOKEN = "RUNNER-TOKEN";
    /** The job's state on the server, on every answer about a job: the runner aborts on canceled or failed. */
    public static final String JOB_STATUS = "Job-Status";
    /** The queue version a runner sends back as {@code last_update} in its next job request. */
    public static final String LAST_UPDATE = "X-GitLab-Last-Update";
    /** Seconds between trace updates that the server asks for. */
    public static final String TRACE_UPDATE_INTERVAL = "X-GitLab-Trace-Update-Interval";
    /** {@code start-end} of a trace patch, both inclusive, without a unit. */
    public static final String CONTENT_RANGE = "Content-Range";
    /** {@code 0-size} of the trace the server holds. */
    public static final String RANGE = "Range";

    private RunnerApiHeaders() {}
}
