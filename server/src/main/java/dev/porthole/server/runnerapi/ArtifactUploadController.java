package dev.porthole.server.runnerapi;

import dev.porthole.protocol.runnerapi.RunnerApiHeaders;
import dev.porthole.server.artifact.ArtifactFiles;
import dev.porthole.server.artifact.ArtifactService;
import dev.porthole.server.artifact.JobArtifact;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Artifacts as runners move them: {@code POST /api/v4/jobs/:id/artifacts} (the running job's upload) and
 * {@code GET /api/v4/jobs/:id/artifacts} (a later job of the same project downloading what an earlier one left),
 * both with the running job's token.
 */
@RestController
class ArtifactUploadController {
    private static final Set<String> TYPES = Set.of("archive", "metadata", "trace");
    private static final Set<String> FORMATS = Set.of("zip", "gzip", "raw");

    private final JobService jobs;
    private final ArtifactService artifacts;

    ArtifactUploadController(JobService jobs, ArtifactService artifacts) {
        this.jobs = jobs;
        this.artifacts = artifacts;
    }

    @PostMapping(path = "/api/v4/jobs/{id}/artifacts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> upload(
            @PathVariable long id,
            @RequestHeader(name = RunnerApiHeaders.JOB_TOKEN, required = false) String token,
            @RequestPart("file") MultipartFile file,
            @RequestParam(name = "artifact_type", defaultValue = "archive") String type,
            @RequestParam(name = "artifact_format", defaultValue = "zip") String format,
            @RequestParam(name = "expire_in", required = false) String expireIn)
            throws IOException {
        Job job = jobs.findByToken(token)
                .filter(j -> j.id() == id && j.status().onRunner())
                .orElseThrow(RunnerApiException::forbidden);
        if (!TYPES.contains(type) || !FORMATS.contains(format)) {
            throw new RunnerApiException(
                    HttpStatus.BAD_REQUEST,
                    "artifact_type must be one of " + TYPES + ", artifact_format one of " + FORMATS,
                    job.status().wireName());
        }
        String filename = file.getOriginalFilename() == null ? "artifacts.zip" : file.getOriginalFilename();
        try (InputStream content = file.getInputStream()) {
            JobArtifact saved = artifacts.save(job.id(), job.projectId(), type, format, filename, expireIn, content);
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.of("id", job.id(), "artifacts_file", Map.of("filename", filename, "size", saved.size())));
        } catch (ArtifactFiles.TooLargeException e) {
            throw new RunnerApiException(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "413 " + e.getMessage(),
                    job.status().wireName());
        }
    }

    @GetMapping("/api/v4/jobs/{id}/artifacts")
    ResponseEntity<InputStreamResource> download(
            @PathVariable long id,
            @RequestHeader(name = RunnerApiHeaders.JOB_TOKEN, required = false) String headerToken,
            @RequestParam(name = "token", required = false) String paramToken)
            throws IOException {
        Job caller = jobs.findByToken(headerToken != null ? headerToken : paramToken)
                .filter(j -> j.status().onRunner())
                .orElseThrow(RunnerApiException::forbidden);
        Optional<Job> owner = jobs.find(id).filter(j -> j.projectId() == caller.projectId());
        JobArtifact archive = owner.flatMap(j -> artifacts.archive(j.id()))
                .orElseThrow(() -> new RunnerApiException(HttpStatus.NOT_FOUND, "404 Not Found", null));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(archive.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + archive.filename() + "\"")
                .body(new InputStreamResource(Files.newInputStream(artifacts.file(archive))));
    }
}
