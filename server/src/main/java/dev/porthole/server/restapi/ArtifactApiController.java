package dev.porthole.server.restapi;

import dev.porthole.server.account.Caller;
import dev.porthole.server.artifact.ArtifactService;
import dev.porthole.server.artifact.JobArtifact;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.project.Project;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A job's artifacts as people and scripts fetch them: the whole archive, one file out of it, or the archive of the
 * latest successful job of a name on a ref.
 */
@RestController
class ArtifactApiController {
    private final ProjectLookup lookup;
    private final JobService jobs;
    private final ArtifactService artifacts;

    ArtifactApiController(ProjectLookup lookup, JobService jobs, ArtifactService artifacts) {
        this.lookup = lookup;
        this.jobs = jobs;
        this.artifacts = artifacts;
    }

    /** The archive, or with a path after {@code /artifacts/}, one file from it. */
    @GetMapping("/api/v4/projects/{id}/jobs/{jobId}/artifacts/{*path}")
    ResponseEntity<InputStreamResource> download(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @PathVariable long jobId,
            @PathVariable String path)
            throws IOException {
        Project project = lookup.readable(id, caller).project();
        Job job = jobs.find(jobId)
                .filter(j -> j.projectId() == project.id())
                .orElseThrow(() -> ApiException.notFound("Job"));
        JobArtifact archive = archiveOf(job);
        String inside = path == null ? "" : path.replaceFirst("^/+", "");
        return inside.isEmpty() ? whole(archive) : single(archive, inside);
    }

    @GetMapping("/api/v4/projects/{id}/jobs/artifacts/{ref}/download")
    ResponseEntity<InputStreamResource> latest(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @PathVariable String ref,
            @RequestParam("job") String jobName)
            throws IOException {
        Project project = lookup.readable(id, caller).project();
        Job job = jobs.latestSuccessful(project.id(), ref, jobName).orElseThrow(() -> ApiException.notFound("Job"));
        return whole(archiveOf(job));
    }

    @DeleteMapping("/api/v4/projects/{id}/jobs/{jobId}/artifacts")
    ResponseEntity<Void> delete(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long jobId) {
        Project project = lookup.administered(id, caller).project();
        Job job = jobs.find(jobId)
                .filter(j -> j.projectId() == project.id())
                .orElseThrow(() -> ApiException.notFound("Job"));
        if (!artifacts.deleteForJob(job.id())) {
            throw ApiException.notFound("Artifacts");
        }
        return ResponseEntity.noContent().build();
    }

    private JobArtifact archiveOf(Job job) {
        return artifacts.archive(job.id()).orElseThrow(() -> ApiException.notFound("Artifacts"));
    }

    private ResponseEntity<InputStreamResource> whole(JobArtifact archive) throws IOException {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(archive.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(archive.filename()))
                .body(new InputStreamResource(Files.newInputStream(artifacts.file(archive))));
    }

    private ResponseEntity<InputStreamResource> single(JobArtifact archive, String inside) throws IOException {
        ZipFile zip = new ZipFile(artifacts.file(archive).toFile(), StandardCharsets.UTF_8);
        ZipEntry entry = zip.getEntry(inside);
        if (entry == null || entry.isDirectory()) {
            zip.close();
            throw ApiException.notFound("File");
        }
        InputStream content = zip.getInputStream(entry);
        // Closing the stream the response reads closes the archive too.
        InputStream closing = new FilterInputStream(content) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    zip.close();
                }
            }
        };
        String name = inside.substring(inside.lastIndexOf('/') + 1);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(entry.getSize())
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(name))
                .body(new InputStreamResource(closing));
    }

    static String attachment(String filename) {
        return ContentDisposition.attachment()
                .filename(filename, StandardCharsets.UTF_8)
                .build()
                .toString();
    }
}
