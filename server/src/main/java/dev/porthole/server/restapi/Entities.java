package dev.porthole.server.restapi;

import dev.porthole.server.account.User;
import dev.porthole.server.artifact.JobArtifact;
import dev.porthole.server.debughold.JobHold;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.Member;
import dev.porthole.server.project.Project;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.terminal.DebugDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** GitLab's API entities as records; field names become snake_case on the wire. */
final class Entities {
    private Entities() {}

    record UserBasic(long id, String username, String name, String state, String avatarUrl, String webUrl) {
        static UserBasic of(User user, String baseUrl) {
            return user == null
                    ? null
                    : new UserBasic(
                            user.id(),
                            user.username(),
                            user.name(),
                            user.state(),
                            null,
                            baseUrl + "/" + user.username());
        }
    }

    record CurrentUser(
            long id,
            String username,
            String name,
            String state,
            String avatarUrl,
            String webUrl,
            Instant createdAt,
            String email,
            boolean isAdmin,
            boolean canCreateProject) {}

    /** A user as other users see them ({@code GET /users/:id}): no email, no role. */
    record UserPublic(
            long id,
            String username,
            String name,
            String state,
            String avatarUrl,
            String webUrl,
            Instant createdAt,
            String bio,
            String publicEmail,
            boolean bot) {
        static UserPublic of(User user, String baseUrl) {
            return new UserPublic(
                    user.id(),
                    user.username(),
                    user.name(),
                    user.state(),
                    null,
                    baseUrl + "/" + user.username(),
                    user.createdAt(),
                    "",
                    null,
                    false);
        }
    }

    /** A user as administrators see them. */
    record UserEntity(
            long id,
            String username,
            String name,
            String state,
            String avatarUrl,
            String webUrl,
            Instant createdAt,
            String email,
            boolean isAdmin) {
        static UserEntity of(User user, String baseUrl) {
            return new UserEntity(
                    user.id(),
                    user.username(),
                    user.name(),
                    user.state(),
                    null,
                    baseUrl + "/" + user.username(),
                    user.createdAt(),
                    user.email(),
                    user.admin());
        }
    }

    /** A project member: the user, their role's number, and since when they have it. */
    record MemberEntity(
            long id,
            String username,
            String name,
            String state,
            String avatarUrl,
            String webUrl,
            int accessLevel,
            Instant createdAt,
            String expiresAt) {
        static MemberEntity of(Member member, String baseUrl) {
            User user = member.user();
            return new MemberEntity(
                    user.id(),
                    user.username(),
                    user.name(),
                    user.state(),
                    null,
                    baseUrl + "/" + user.username(),
                    member.level().value(),
                    member.since(),
                    null);
        }
    }

    record Namespace(String name, String path, String kind, String fullPath, String webUrl) {}

    record ProjectEntity(
            long id,
            String description,
            String name,
            String nameWithNamespace,
            String path,
            String pathWithNamespace,
            Instant createdAt,
            String defaultBranch,
            String httpUrlToRepo,
            String webUrl,
            String visibility,
            Namespace namespace,
            Long creatorId,
            boolean jobsEnabled,
            int buildTimeout,
            String ciConfigPath) {
        static ProjectEntity of(Project p, String baseUrl, int defaultTimeout) {
            String web = baseUrl + "/" + p.fullPath();
            return new ProjectEntity(
                    p.id(),
                    p.description(),
                    p.name(),
                    p.namespacePath() + " / " + p.name(),
                    p.path(),
                    p.fullPath(),
                    p.createdAt(),
                    p.defaultBranch(),
                    web + ".git",
                    web,
                    p.visibility().wireName(),
                    new Namespace(
                            p.namespacePath(),
                            p.namespacePath(),
                            "user",
                            p.namespacePath(),
                            baseUrl + "/" + p.namespacePath()),
                    p.creatorId(),
                    true,
                    defaultTimeout,
                    ".gitlab-ci.yml");
        }
    }

    record PipelineEntity(
            long id,
            long iid,
            long projectId,
            String sha,
            String ref,
            String status,
            String source,
            Instant createdAt,
            Instant updatedAt,
            String webUrl,
            String beforeSha,
            boolean tag,
            String yamlErrors,
            UserBasic user,
            Instant startedAt,
            Instant finishedAt,
            Instant committedAt,
            Double duration,
            Double queuedDuration,
            String coverage,
            Map<String, Object> detailedStatus) {
        static PipelineEntity of(Pipeline p, Project project, User user, String baseUrl) {
            String web = baseUrl + "/" + project.fullPath() + "/-/pipelines/" + p.id();
            return new PipelineEntity(
                    p.id(),
                    p.id(),
                    p.projectId(),
                    p.sha(),
                    p.ref(),
                    p.status().wireName(),
                    p.source(),
                    p.createdAt(),
                    p.updatedAt(),
                    web,
                    p.beforeSha(),
                    p.tag(),
                    p.yamlErrors(),
                    UserBasic.of(user, baseUrl),
                    p.startedAt(),
                    p.finishedAt(),
                    null,
                    seconds(p.startedAt(), p.finishedAt()),
                    seconds(p.createdAt(), p.startedAt()),
                    null,
                    Map.of(
                            "text",
                            p.status().wireName(),
                            "label",
                            p.status().wireName(),
                            "group",
                            p.status().wireName(),
                            "details_path",
                            "/" + project.fullPath() + "/-/pipelines/" + p.id()));
        }
    }

    record Commit(String id, String shortId, String title) {}

    record PipelineRef(long id, long projectId, String ref, String sha, String status) {}

    record RunnerEntity(
            long id,
            String description,
            String ipAddress,
            boolean active,
            boolean paused,
            boolean isShared,
            String runnerType,
            String name,
            boolean online,
            String status) {
        static RunnerEntity of(Runner r, Instant now) {
            boolean online = r.contactedAt() != null && r.contactedAt().isAfter(now.minus(Duration.ofHours(2)));
            String status =
                    r.paused() ? "paused" : r.contactedAt() == null ? "never_contacted" : online ? "online" : "offline";
            return new RunnerEntity(
                    r.id(),
                    r.description(),
                    r.ipAddress(),
                    !r.paused(),
                    r.paused(),
                    true,
                    r.runnerType(),
                    "gitlab-runner",
                    online,
                    status);
        }
    }

    record JobEntity(
            long id,
            String status,
            String stage,
            String name,
            String ref,
            boolean tag,
            String coverage,
            boolean allowFailure,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            Instant erasedAt,
            Double duration,
            Double queuedDuration,
            UserBasic user,
            Commit commit,
            PipelineRef pipeline,
            String webUrl,
            ArtifactsFile artifactsFile,
            List<ArtifactEntity> artifacts,
            Instant artifactsExpireAt,
            RunnerEntity runner,
            List<String> tagList,
            String failureReason,
            String when,
            boolean archived,
            Integer exitCode,
            String terminalPath,
            String terminalUnavailableReason,
            DebugHoldEntity debugHold) {
        /**
         * @param debug whether the caller may open a terminal into the job now: Porthole's {@code terminal_path}
         *     when they may, {@code terminal_unavailable_reason} when it is their job and Debug is missing
         */
        static JobEntity of(
                Job j,
                Pipeline p,
                Project project,
                User user,
                Runner runner,
                List<JobArtifact> artifacts,
                String baseUrl,
                Instant now,
                DebugDecision debug,
                JobHold hold) {
            JobArtifact archive = artifacts.stream()
                    .filter(a -> a.fileType().equals("archive"))
                    .findFirst()
                    .orElse(null);
            return new JobEntity(
                    j.id(),
                    j.status().wireName(),
                    j.stage(),
                    j.name(),
                    p.ref(),
                    p.tag(),
                    null,
                    j.allowFailure(),
                    j.createdAt(),
                    j.startedAt(),
                    j.finishedAt(),
                    null,
                    seconds(
                            j.startedAt(),
                            j.finishedAt() != null ? j.finishedAt() : j.startedAt() == null ? null : now),
                    seconds(j.queuedAt(), j.startedAt()),
                    UserBasic.of(user, baseUrl),
                    new Commit(p.sha(), p.sha().substring(0, 8), null),
                    new PipelineRef(
                            p.id(), p.projectId(), p.ref(), p.sha(), p.status().wireName()),
                    baseUrl + "/" + project.fullPath() + "/-/jobs/" + j.id(),
                    archive == null ? null : new ArtifactsFile(archive.filename(), archive.size()),
                    artifacts.stream().map(ArtifactEntity::of).toList(),
                    archive == null ? null : archive.expireAt(),
                    runner == null ? null : RunnerEntity.of(runner, now),
                    j.tags(),
                    j.failureReason() == null ? null : j.failureReason().wireName(),
                    j.when().wireName(),
                    false,
                    j.exitCode(),
                    debug instanceof DebugDecision.Allowed
                            ? "/" + project.fullPath() + "/-/jobs/" + j.id() + "/terminal"
                            : null,
                    debug instanceof DebugDecision.UnavailableForOwner unavailable ? unavailable.reason() : null,
                    hold == null ? null : DebugHoldEntity.of(hold, j, now));
        }
    }

    /**
     * Porthole's own: the debug hold of a failed job, while it is held and afterwards.
     *
     * @param status {@code held} while the runner keeps the environment; after, {@code released} (someone did),
     *     {@code expired} (its time ran out) or {@code ended} (the job ended otherwise: canceled, or its runner lost)
     * @param remainingSeconds time left while held, 0 after
     */
    record DebugHoldEntity(
            String status,
            int exitCode,
            Instant startedAt,
            Instant endsAt,
            long remainingSeconds,
            long extendBySeconds,
            int extensions,
            Instant releasedAt) {
        static DebugHoldEntity of(JobHold hold, Job job, Instant now) {
            boolean held = job.status() == JobStatus.RUNNING && hold.open(now);
            return new DebugHoldEntity(
                    held
                            ? "held"
                            : hold.releasedAt() != null
                                    ? "released"
                                    : hold.endsAt().isAfter(job.finishedAt() == null ? now : job.finishedAt())
                                            ? "ended"
                                            : "expired",
                    hold.exitCode(),
                    hold.startedAt(),
                    hold.endsAt(),
                    held ? hold.remaining(now).toSeconds() : 0,
                    hold.requested().toSeconds(),
                    hold.extensions(),
                    hold.releasedAt());
        }
    }

    record ArtifactsFile(String filename, long size) {}

    record ArtifactEntity(String fileType, long size, String filename, String fileFormat) {
        static ArtifactEntity of(JobArtifact a) {
            return new ArtifactEntity(a.fileType(), a.size(), a.filename(), a.fileFormat());
        }
    }

    static Double seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis() / 1000.0;
    }
}
