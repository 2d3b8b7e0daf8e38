package dev.porthole.server.web.jobs;

import dev.porthole.server.pipeline.FailureReason;

/** Why a job failed, in GitLab's words. */
public final class FailureText {
    private FailureText() {}

    public static String of(FailureReason reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case SCRIPT_FAILURE -> "There has been a script failure. Check the job log for more information";
            case RUNNER_SYSTEM_FAILURE -> "There has been a runner system failure, please try again";
            case JOB_EXECUTION_TIMEOUT -> "The script exceeded the maximum execution time set for the job";
            case STUCK_OR_TIMEOUT_FAILURE ->
                "There has been a timeout failure or the job got stuck. Check your timeout limits or try again";
            case TRACE_SIZE_EXCEEDED -> "The job log size limit was reached";
            case API_FAILURE -> "There has been an API failure, please try again";
            case UNKNOWN_FAILURE -> "There is an unknown failure, please try again";
        };
    }
}
