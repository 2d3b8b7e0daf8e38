package dev.porthole.runner.job;

import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.runner.artifacts.Archive;
import dev.porthole.runner.artifacts.ArtifactArchiver;
import dev.porthole.runner.artifacts.ArtifactExtractor;
import dev.porthole.runner.artifacts.CacheKeys;
import dev.porthole.runner.artifacts.LocalCache;
import dev.porthole.runner.client.TransferResult;
import dev.porthole.runner.trace.JobTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The files a job takes from earlier jobs and leaves for later ones: caches on this machine, artifacts on the
 * server. A cache that cannot be restored or saved only costs time, as in GitLab; artifacts that cannot be moved fail
 * the job, since a later job would otherwise run without them.
 */
final class JobFiles {
    private static final int TRANSFER_ATTEMPTS = 3;

    private final JobSetup setup;
    private final JobPayload job;
    private final JobTrace trace;
    private final Path projectDir;
    private final Path tmpDir;
    private final Map<String, String> variables;
    private final Consumer<String> log;

    JobFiles(
            JobSetup setup,
            JobPayload job,
            JobTrace trace,
            Path projectDir,
            Path tmpDir,
            Map<String, String> variables) {
        this.setup = setup;
        this.job = job;
        this.trace = trace;
        this.projectDir = projectDir;
        this.tmpDir = tmpDir;
        this.variables = variables;
        this.log = line -> {
            if (line.startsWith("WARNING: ")) {
                trace.warning(line.substring("WARNING: ".length()));
            } else {
                trace.line(line);
            }
        };
    }

    /** Restores every cache the job reads ({@code pull} or {@code pull-push}): its key, else its fallback keys. */
    void restoreCaches() {
        List<JobPayload.Cache> pulled =
                job.cache().stream().filter(c -> !"push".equals(c.policy())).toList();
        if (pulled.isEmpty()) {
            return;
        }
        trace.sectionStart("restore_cache", "Restoring cache");
        LocalCache cache = new LocalCache(setup.cacheDir());
        for (JobPayload.Cache entry : pulled) {
            List<String> keys = new ArrayList<>();
            keys.add(expand(entry.key()));
            if (entry.fallbackKeys() != null) {
                entry.fallbackKeys().stream().map(this::expand).forEach(keys::add);
            }
            for (String key : keys) {
                Optional<String> safe = safeKey(key);
                if (safe.isPresent()
                        && cache.restore(job.jobInfo().projectFullPath(), safe.get(), projectDir, log)
                                .isPresent()) {
                    break;
                }
            }
        }
        trace.sectionEnd("restore_cache");
    }

    /** Downloads and extracts the archives of the earlier jobs this one depends on; the error, if one failed. */
    Optional<String> downloadDependencies() throws InterruptedException {
        List<JobPayload.Dependency> withFiles = job.dependencies().stream()
                .filter(d -> d.artifactsFile() != null)
                .toList();
        if (withFiles.isEmpty()) {
            return Optional.empty();
        }
        trace.sectionStart("download_artifacts", "Downloading artifacts");
        try {
            for (JobPayload.Dependency dependency : withFiles) {
                trace.line("Downloading artifacts for " + dependency.name() + " (" + dependency.id() + ")...");
                Path zip = tmpDir.resolve("artifacts-" + dependency.id() + ".zip");
                TransferResult result = withRetries(() -> setup.client()
                        .downloadArtifacts(
                                dependency.id(), dependency.token() == null ? job.token() : dependency.token(), zip));
                if (!(result instanceof TransferResult.Done)) {
                    String reason = result instanceof TransferResult.Refused r
                            ? r.reason()
                            : ((TransferResult.Failed) result).reason();
                    trace.error("Downloading artifacts from coordinator... " + reason);
                    return Optional.of("downloading the artifacts of " + dependency.name() + " failed: " + reason);
                }
                trace.line("Downloading artifacts from coordinator... ok");
                try {
                    ArtifactExtractor.extract(zip, projectDir, log);
                } catch (IOException e) {
                    trace.error("Extracting the artifacts of " + dependency.name() + " failed: " + e.getMessage());
                    return Optional.of(
                            "the artifacts of " + dependency.name() + " cannot be extracted: " + e.getMessage());
                } finally {
                    Files.deleteIfExists(zip);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot remove a downloaded archive: " + e.getMessage());
        } finally {
            trace.sectionEnd("download_artifacts");
        }
    }

    /** Saves the caches whose {@code when} matches how the job ended, unless their policy is {@code pull}. */
    void saveCaches(boolean succeeded) {
        List<JobPayload.Cache> pushed = job.cache().stream()
                .filter(c -> !"pull".equals(c.policy()))
                .filter(c -> applies(c.when(), succeeded))
                .toList();
        if (pushed.isEmpty()) {
            return;
        }
        String section = succeeded ? "archive_cache" : "archive_cache_on_failure";
        trace.sectionStart(section, "Saving cache for " + (succeeded ? "successful" : "failed") + " job");
        LocalCache cache = new LocalCache(setup.cacheDir());
        for (JobPayload.Cache entry : pushed) {
            safeKey(expand(entry.key()))
                    .ifPresent(key -> cache.save(
                            job.jobInfo().projectFullPath(),
                            key,
                            expandAll(entry.paths()),
                            entry.untracked(),
                            projectDir,
                            log));
        }
        trace.sectionEnd(section);
    }

    /** Archives and uploads the job's artifacts when their {@code when} matches; the error, if it failed. */
    Optional<String> uploadArtifacts(boolean succeeded) throws InterruptedException {
        List<JobPayload.Artifacts> matching = job.artifacts().stream()
                .filter(a -> applies(a.when(), succeeded))
                .toList();
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        String section = succeeded ? "upload_artifacts_on_success" : "upload_artifacts_on_failure";
        trace.sectionStart(section, "Uploading artifacts for " + (succeeded ? "successful" : "failed") + " job");
        try {
            for (JobPayload.Artifacts artifacts : matching) {
                Optional<String> error = upload(artifacts);
                if (error.isPresent()) {
                    return error;
                }
            }
            return Optional.empty();
        } finally {
            trace.sectionEnd(section);
        }
    }

    private Optional<String> upload(JobPayload.Artifacts artifacts) throws InterruptedException {
        trace.line("Uploading artifacts...");
        Path zip = tmpDir.resolve("artifacts-upload.zip");
        try {
            Archive archive = ArtifactArchiver.archive(
                    projectDir,
                    expandAll(artifacts.paths()),
                    expandAll(artifacts.exclude()),
                    artifacts.untracked(),
                    zip,
                    log);
            if (archive.empty()) {
                trace.warning("No files to upload");
                return Optional.empty();
            }
            String name =
                    artifacts.name() == null || artifacts.name().isBlank() ? "artifacts" : expand(artifacts.name());
            String type = artifacts.artifactType() == null ? "archive" : artifacts.artifactType();
            String format = artifacts.artifactFormat() == null ? "zip" : artifacts.artifactFormat();
            TransferResult result = withRetries(() -> setup.client()
                    .uploadArtifacts(job.id(), job.token(), zip, name + ".zip", type, format, artifacts.expireIn()));
            return switch (result) {
                case TransferResult.Done done -> {
                    trace.line("Uploading artifacts as \"" + type + "\" to coordinator... 201 Created  files="
                            + archive.files() + " size=" + done.bytes());
                    yield Optional.empty();
                }
                case TransferResult.Refused refused -> {
                    trace.error("Uploading artifacts as \"" + type + "\" to coordinator... " + refused.reason());
                    yield Optional.of("uploading artifacts failed: " + refused.reason());
                }
                case TransferResult.Failed failed -> {
                    trace.error("Uploading artifacts as \"" + type + "\" to coordinator... " + failed.reason());
                    yield Optional.of("uploading artifacts failed: " + failed.reason());
                }
            };
        } catch (IOException e) {
            trace.error("Creating the artifacts archive failed: " + e.getMessage());
            return Optional.of("creating the artifacts archive failed: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(zip);
            } catch (IOException e) {
                trace.warning("cannot remove " + zip + ": " + e.getMessage());
            }
        }
    }

    private interface Transfer {
        TransferResult attempt() throws InterruptedException;
    }

    /** Network failures are tried again, a little later each time; refusals are final. */
    private TransferResult withRetries(Transfer transfer) throws InterruptedException {
        TransferResult result = transfer.attempt();
        for (int attempt = 2;
                attempt <= TRANSFER_ATTEMPTS && result instanceof TransferResult.Failed failed;
                attempt++) {
            trace.warning("transfer failed (" + failed.reason() + "); trying again, attempt " + attempt + " of "
                    + TRANSFER_ATTEMPTS);
            TimeUnit.SECONDS.sleep(attempt);
            result = transfer.attempt();
        }
        return result;
    }

    private Optional<String> safeKey(String key) {
        try {
            return Optional.of(CacheKeys.key(key, null, null, projectDir));
        } catch (IllegalArgumentException | IOException e) {
            trace.warning("cache key \"" + key + "\" cannot be used: " + e.getMessage() + "; cache skipped");
            return Optional.empty();
        }
    }

    private static boolean applies(String when, boolean succeeded) {
        return switch (when == null ? "on_success" : when) {
            case "always" -> true;
            case "on_failure" -> !succeeded;
            default -> succeeded;
        };
    }

    private String expand(String value) {
        return value == null ? null : VariableExpansion.expandValue(value, variables);
    }

    private List<String> expandAll(List<String> values) {
        return values == null ? List.of() : values.stream().map(this::expand).toList();
    }
}
