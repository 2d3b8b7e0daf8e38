package dev.porthole.server.runnerapi;

import dev.porthole.protocol.runnerapi.JobVariable;
import dev.porthole.server.account.User;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.Project;
import dev.porthole.server.runner.Runner;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The variables GitLab defines for every job, with the values of this job. */
final class PredefinedVariables {
    private PredefinedVariables() {}

    /** What a job's variables are made from. */
    record Context(
            Job job,
            Pipeline pipeline,
            Project project,
            User user,
            Runner runner,
            String jobToken,
            String serverUrl,
            String repositoryUrl,
            String version) {}

    static List<JobVariable> of(Context c) {
        var server = URI.create(c.serverUrl());
        int port = server.getPort() > 0 ? server.getPort() : ("https".equals(server.getScheme()) ? 443 : 80);
        String projectUrl = c.serverUrl() + "/" + c.project().fullPath();
        List<JobVariable> v = new ArrayList<>();
        v.add(visible("CI", "true"));
        v.add(visible("GITLAB_CI", "true"));
        v.add(visible("CI_SERVER", "yes"));
        v.add(visible("CI_SERVER_URL", c.serverUrl()));
        v.add(visible("CI_SERVER_HOST", server.getHost()));
        v.add(visible("CI_SERVER_PORT", Integer.toString(port)));
        v.add(visible("CI_SERVER_PROTOCOL", server.getScheme()));
        v.add(visible("CI_SERVER_NAME", "Porthole"));
        v.add(visible("CI_SERVER_VERSION", c.version()));
        v.add(visible("CI_API_V4_URL", c.serverUrl() + "/api/v4"));
        v.add(visible("CI_PROJECT_ID", Long.toString(c.project().id())));
        v.add(visible("CI_PROJECT_NAME", c.project().path()));
        v.add(visible("CI_PROJECT_TITLE", c.project().name()));
        v.add(visible("CI_PROJECT_PATH", c.project().fullPath()));
        v.add(visible("CI_PROJECT_PATH_SLUG", slug(c.project().fullPath())));
        v.add(visible("CI_PROJECT_NAMESPACE", c.project().namespacePath()));
        v.add(visible("CI_PROJECT_ROOT_NAMESPACE", c.project().namespacePath()));
        v.add(visible("CI_PROJECT_URL", projectUrl));
        v.add(visible("CI_PROJECT_VISIBILITY", c.project().visibility().wireName()));
        v.add(visible("CI_DEFAULT_BRANCH", c.project().defaultBranch()));
        v.add(visible("CI_PIPELINE_ID", Long.toString(c.pipeline().id())));
        v.add(visible("CI_PIPELINE_SOURCE", c.pipeline().source()));
        v.add(visible(
                "CI_PIPELINE_URL", projectUrl + "/-/pipelines/" + c.pipeline().id()));
        v.add(visible("CI_PIPELINE_CREATED_AT", c.pipeline().createdAt().toString()));
        v.add(visible("CI_JOB_ID", Long.toString(c.job().id())));
        v.add(visible("CI_JOB_NAME", c.job().name()));
        v.add(visible("CI_JOB_NAME_SLUG", slug(c.job().name())));
        v.add(visible("CI_JOB_STAGE", c.job().stage()));
        v.add(visible("CI_JOB_URL", projectUrl + "/-/jobs/" + c.job().id()));
        v.add(visible("CI_JOB_TIMEOUT", Integer.toString(c.job().timeoutSeconds())));
        v.add(visible(
                "CI_JOB_STARTED_AT",
                c.job().startedAt() == null ? "" : c.job().startedAt().toString()));
        v.add(JobVariable.secret("CI_JOB_TOKEN", c.jobToken()));
        v.add(visible("CI_COMMIT_SHA", c.pipeline().sha()));
        v.add(visible("CI_COMMIT_SHORT_SHA", c.pipeline().sha().substring(0, 8)));
        v.add(visible("CI_COMMIT_BEFORE_SHA", c.pipeline().beforeSha()));
        v.add(visible("CI_COMMIT_REF_NAME", c.pipeline().ref()));
        v.add(visible("CI_COMMIT_REF_SLUG", slug(c.pipeline().ref())));
        v.add(visible(
                c.pipeline().tag() ? "CI_COMMIT_TAG" : "CI_COMMIT_BRANCH",
                c.pipeline().ref()));
        v.add(new JobVariable("CI_REPOSITORY_URL", c.repositoryUrl(), false, false, true, false));
        v.add(visible("CI_NODE_TOTAL", "1"));
        v.add(visible("CI_RUNNER_ID", Long.toString(c.runner().id())));
        v.add(visible("CI_RUNNER_DESCRIPTION", c.runner().description()));
        v.add(visible(
                "CI_RUNNER_TAGS",
                "["
                        + String.join(
                                ", ",
                                c.runner().tags().stream()
                                        .map(t -> "\"" + t + "\"")
                                        .toList()) + "]"));
        if (c.user() != null) {
            v.add(visible("GITLAB_USER_ID", Long.toString(c.user().id())));
            v.add(visible("GITLAB_USER_LOGIN", c.user().username()));
            v.add(visible("GITLAB_USER_NAME", c.user().name()));
            v.add(visible("GITLAB_USER_EMAIL", c.user().email()));
        }
        return v;
    }

    private static JobVariable visible(String key, String value) {
        return JobVariable.visible(key, value);
    }

    /**
     * GitLab's slug: lowercased, every character outside {@code a-z0-9} replaced by {@code -}, at most 63
     * characters, no leading or trailing {@code -}.
     */
    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
        if (slug.length() > 63) {
            slug = slug.substring(0, 63);
        }
        return slug.replaceAll("^-+|-+$", "");
    }
}
