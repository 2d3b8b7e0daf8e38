package dev.porthole.protocol.runnerapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The job a runner receives from {@code POST /api/v4/jobs/request} (201). Shaped as GitLab sends it, so that a
 * stock gitlab-runner can run it too.
 *
 * @param token the job token: authenticates the runner's updates for this job and clones its project
 * @param image null when the job names none
 */
public record JobPayload(
        long id,
        String token,
        boolean allowGitFetch,
        JobInfo jobInfo,
        GitInfo gitInfo,
        RunnerJobInfo runnerInfo,
        List<JobVariable> variables,
        List<JobStep> steps,
        JobImage image,
        List<JobService> services,
        List<Map<String, Object>> artifacts,
        List<Map<String, Object>> cache,
        List<Map<String, Object>> credentials,
        List<Map<String, Object>> dependencies,
        JobFeatures features) {

    /** Which job this is, and where it belongs. */
    public record JobInfo(
            long id,
            String name,
            String stage,
            long pipelineId,
            long projectId,
            String projectName,
            String projectFullPath,
            Long userId,
            long timeInQueueSeconds) {}

    /**
     * Where the sources come from.
     *
     * @param repoUrl a clone URL carrying the job token as credentials
     * @param refType {@code branch} or {@code tag}
     * @param depth shallow-clone depth; 0 for a full clone
     */
    public record GitInfo(
            String repoUrl,
            String repoObjectFormat,
            String ref,
            String sha,
            String beforeSha,
            String refType,
            List<String> refspecs,
            int depth,
            @JsonProperty("protected") boolean protectedRef) {}

    /**
     * The limits the runner applies.
     *
     * @param timeout the job's timeout in seconds
     * @param runnerSessionUrl the session URL the server accepted for this job, or null
     */
    public record RunnerJobInfo(long timeout, String runnerSessionUrl) {}

    /** Options for the features GitLab announces per job. */
    public record JobFeatures(boolean traceSections, List<String> tokenMaskPrefixes, List<String> failureReasons) {}
}
