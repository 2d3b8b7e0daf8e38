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
        List<Artifacts> artifacts,
        List<Cache> cache,
        List<Map<String, Object>> credentials,
        List<Dependency> dependencies,
        JobFeatures features) {

    public JobPayload {
        artifacts = artifacts == null ? List.of() : artifacts;
        cache = cache == null ? List.of() : cache;
        credentials = credentials == null ? List.of() : credentials;
        dependencies = dependencies == null ? List.of() : dependencies;
        services = services == null ? List.of() : services;
        variables = variables == null ? List.of() : variables;
        steps = steps == null ? List.of() : steps;
    }

    /**
     * Files to upload after the job.
     *
     * @param when {@code on_success}, {@code on_failure} or {@code always}
     * @param artifactType {@code archive} for {@code artifacts: paths}
     * @param expireIn a duration, {@code never}, or null for the server's default
     */
    public record Artifacts(
            String name,
            boolean untracked,
            List<String> paths,
            List<String> exclude,
            String when,
            String artifactType,
            String artifactFormat,
            String expireIn) {}

    /**
     * A cache to restore before the job and save after it, on the runner's machine.
     *
     * @param key already resolved by the server (for {@code key:files}, from the files at the job's commit)
     * @param policy {@code pull-push}, {@code pull} or {@code push}
     */
    public record Cache(
            String key, boolean untracked, String policy, List<String> paths, String when, List<String> fallbackKeys) {}

    /**
     * An earlier job whose artifacts this job downloads first.
     *
     * @param token the token to download with: the running job's own
     */
    public record Dependency(long id, String token, String name, ArtifactsFile artifactsFile) {}

    /** The name and size of a dependency's archive. */
    public record ArtifactsFile(String filename, long size) {}

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
