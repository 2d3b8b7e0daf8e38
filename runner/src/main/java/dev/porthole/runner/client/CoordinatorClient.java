package dev.porthole.runner.client;

import dev.porthole.protocol.runnerapi.DebugHold;
import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.protocol.runnerapi.JobRequest;
import dev.porthole.protocol.runnerapi.RegisterRunnerRequest;
import dev.porthole.protocol.runnerapi.RunnerApiHeaders;
import dev.porthole.protocol.runnerapi.RunnerApiJson;
import dev.porthole.protocol.runnerapi.RunnerRegistration;
import dev.porthole.protocol.runnerapi.RunnerTokenRequest;
import dev.porthole.protocol.runnerapi.UpdateJobRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Talks to one server's runner API. Thread-safe: one instance serves the polling loop and every running job.
 *
 * <p>Each method returns a record saying what happened; network failures become "failed, try again" results, not
 * exceptions, so callers decide about retries in one place.
 */
public final class CoordinatorClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    // Longer than any server holds a long poll (GitLab: 50 s).
    private static final Duration JOB_REQUEST_TIMEOUT = Duration.ofSeconds(90);
    // Archives may be large and the line slow; the server answers once it has stored the whole file.
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);
    private static final String JSON = "application/json";

    private final URI api;
    private final String userAgent;
    private final HttpClient http;

    public CoordinatorClient(String serverUrl, String userAgent) {
        String base = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
        this.api = URI.create(base).resolve("api/v4/");
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Registration with a legacy registration token; empty when the token is refused. */
    public Optional<RunnerRegistration> register(RegisterRunnerRequest request)
            throws IOException, InterruptedException {
        var response = send(json("runners", "POST", request, REQUEST_TIMEOUT));
        if (response.statusCode() == 201) {
            return Optional.of(read(response, RunnerRegistration.class));
        }
        if (response.statusCode() == 403) {
            return Optional.empty();
        }
        throw unexpected("registering", response);
    }

    /** Whether the server knows this runner token. */
    public Optional<RunnerRegistration> verify(RunnerTokenRequest request) throws IOException, InterruptedException {
        var response = send(json("runners/verify", "POST", request, REQUEST_TIMEOUT));
        if (response.statusCode() == 200) {
            return Optional.of(
                    response.body().length == 0 || !isJson(response)
                            ? new RunnerRegistration(0, request.token(), null)
                            : read(response, RunnerRegistration.class));
        }
        if (response.statusCode() == 403 || response.statusCode() == 422) {
            return Optional.empty();
        }
        throw unexpected("verifying", response);
    }

    /** Deletes the runner on the server; false when the server did not know the token. */
    public boolean unregister(RunnerTokenRequest request) throws IOException, InterruptedException {
        var response = send(json("runners", "DELETE", request, REQUEST_TIMEOUT));
        if (response.statusCode() == 204) {
            return true;
        }
        if (response.statusCode() == 403) {
            return false;
        }
        throw unexpected("unregistering", response);
    }

    /** Asks for a job; the server may hold the request open for a while before answering. */
    public JobRequestResult requestJob(JobRequest request) throws InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = send(json("jobs/request", "POST", request, JOB_REQUEST_TIMEOUT));
        } catch (IOException e) {
            return new JobRequestResult.Failed(describe(e));
        }
        return switch (response.statusCode()) {
            case 201 -> received(response);
            case 204 ->
                new JobRequestResult.NoJob(response.headers()
                        .firstValue(RunnerApiHeaders.LAST_UPDATE)
                        .orElse(request.lastUpdate()));
            case 403 -> new JobRequestResult.Forbidden();
            default -> new JobRequestResult.Failed("HTTP " + response.statusCode());
        };
    }

    private static JobRequestResult received(HttpResponse<byte[]> response) {
        if (!isJson(response)) {
            return new JobRequestResult.Failed("the job answer is not application/json");
        }
        try {
            return new JobRequestResult.Received(read(response, JobPayload.class));
        } catch (IOException e) {
            return new JobRequestResult.Failed(e.getMessage());
        }
    }

    /** Reports a job's state ({@code PUT /jobs/:id}). */
    public UpdateResult updateJob(long jobId, UpdateJobRequest request) throws InterruptedException {
        HttpResponse<byte[]> response;
        try {
            var builder = requestTo("jobs/" + jobId, REQUEST_TIMEOUT)
                    .header("Content-Type", JSON)
                    .header(RunnerApiHeaders.JOB_TOKEN, request.token())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(
                            RunnerApiJson.mapper().writeValueAsBytes(request)));
            response = send(builder.build());
        } catch (IOException e) {
            return new UpdateResult.Failed(describe(e));
        }
        RemoteJobState state = state(response);
        return switch (response.statusCode()) {
            case 200 -> new UpdateResult.Accepted(state);
            case 403, 404 ->
                new UpdateResult.Aborted("the server refused the update (HTTP " + response.statusCode()
                        + (state.status() == null ? "" : ", job " + state.status()) + ")");
            default -> new UpdateResult.Failed("HTTP " + response.statusCode());
        };
    }

    /** Sends log bytes that start at {@code offset} ({@code PATCH /jobs/:id/trace}). */
    public PatchResult patchTrace(long jobId, String jobToken, long offset, byte[] data) throws InterruptedException {
        HttpResponse<byte[]> response;
        try {
            var builder = requestTo("jobs/" + jobId + "/trace", REQUEST_TIMEOUT)
                    .header("Content-Type", "text/plain")
                    .header(RunnerApiHeaders.JOB_TOKEN, jobToken)
                    .header(RunnerApiHeaders.CONTENT_RANGE, offset + "-" + (offset + data.length - 1))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data));
            response = send(builder.build());
        } catch (IOException e) {
            return new PatchResult.Failed(describe(e));
        }
        RemoteJobState state = state(response);
        return switch (response.statusCode()) {
            case 202 ->
                state.abortRequested()
                        ? new PatchResult.Aborted("the job is " + state.status() + " on the server")
                        : new PatchResult.Accepted(rangeEnd(response).orElse(offset + data.length), state);
            case 416 ->
                rangeEnd(response)
                        .<PatchResult>map(end -> new PatchResult.RangeMismatch(end, state))
                        .orElse(new PatchResult.Failed("HTTP 416 without a Range header"));
            case 403, 404 ->
                new PatchResult.Aborted("the server refused the log (HTTP " + response.statusCode()
                        + (state.status() == null ? "" : ", job " + state.status()) + ")");
            default -> new PatchResult.Failed("HTTP " + response.statusCode());
        };
    }

    /**
     * Uploads a job's artifacts ({@code POST /jobs/:id/artifacts}) as a multipart form with the archive as
     * {@code file}, streamed from disk.
     *
     * @param expireIn {@code artifacts:expire_in}; null for the server's default
     */
    public TransferResult uploadArtifacts(
            long jobId, String jobToken, Path archive, String filename, String type, String format, String expireIn)
            throws InterruptedException {
        String boundary = "porthole-" + UUID.randomUUID();
        StringBuilder query = new StringBuilder("?artifact_type=")
                .append(encode(type))
                .append("&artifact_format=")
                .append(encode(format));
        if (expireIn != null && !expireIn.isBlank()) {
            query.append("&expire_in=").append(encode(expireIn));
        }
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename.replaceAll("[\"\\r\\n]", "_")
                + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpResponse<byte[]> response;
        try {
            long size = Files.size(archive);
            var body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head),
                    HttpRequest.BodyPublishers.ofFile(archive),
                    HttpRequest.BodyPublishers.ofString(tail));
            var request = requestTo("jobs/" + jobId + "/artifacts" + query, TRANSFER_TIMEOUT)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header(RunnerApiHeaders.JOB_TOKEN, jobToken)
                    .POST(body)
                    .build();
            response = send(request);
            return switch (response.statusCode()) {
                case 200, 201 -> new TransferResult.Done(size);
                case 400, 403, 404, 413, 415 ->
                    new TransferResult.Refused("HTTP " + response.statusCode() + " " + message(response));
                default -> new TransferResult.Failed("HTTP " + response.statusCode() + " " + message(response));
            };
        } catch (IOException e) {
            return new TransferResult.Failed(describe(e));
        }
    }

    /** Downloads the artifacts archive of an earlier job ({@code GET /jobs/:id/artifacts}) into {@code target}. */
    public TransferResult downloadArtifacts(long jobId, String jobToken, Path target) throws InterruptedException {
        try {
            var request = requestTo("jobs/" + jobId + "/artifacts", TRANSFER_TIMEOUT)
                    .header(RunnerApiHeaders.JOB_TOKEN, jobToken)
                    .GET()
                    .build();
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
            return switch (response.statusCode()) {
                case 200 -> new TransferResult.Done(Files.size(target));
                case 403, 404 -> new TransferResult.Refused("HTTP " + response.statusCode());
                default -> new TransferResult.Failed("HTTP " + response.statusCode());
            };
        } catch (IOException e) {
            return new TransferResult.Failed(describe(e));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String message(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8).strip();
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static Optional<Long> rangeEnd(HttpResponse<?> response) {
        return response.headers()
                .firstValue(RunnerApiHeaders.RANGE)
                .map(range -> range.substring(range.indexOf('-') + 1).strip())
                .filter(end -> end.matches("\\d+"))
                .map(Long::parseLong);
    }

    private static RemoteJobState state(HttpResponse<?> response) {
        Optional<Duration> interval = response.headers()
                .firstValue(RunnerApiHeaders.TRACE_UPDATE_INTERVAL)
                .filter(v -> v.matches("\\d+"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)));
        Optional<Duration> holdRemaining = response.headers()
                .firstValue(DebugHold.REMAINING_HEADER)
                .filter(v -> v.matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)));
        return new RemoteJobState(
                response.headers().firstValue(RunnerApiHeaders.JOB_STATUS).orElse(null), interval, holdRemaining);
    }

    private HttpRequest json(String path, String method, Object body, Duration timeout) {
        return requestTo(path, timeout)
                .header("Content-Type", JSON)
                .header("Accept", JSON)
                .method(
                        method,
                        HttpRequest.BodyPublishers.ofByteArray(
                                RunnerApiJson.mapper().writeValueAsBytes(body)))
                .build();
    }

    private HttpRequest.Builder requestTo(String path, Duration timeout) {
        return HttpRequest.newBuilder(api.resolve(path))
                .timeout(timeout)
                .header("User-Agent", userAgent)
                .header("X-Request-Id", UUID.randomUUID().toString().replace("-", ""));
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static boolean isJson(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Content-Type")
                .map(t -> t.startsWith(JSON))
                .orElse(false);
    }

    private static <T> T read(HttpResponse<byte[]> response, Class<T> type) throws IOException {
        try {
            return RunnerApiJson.mapper().readValue(response.body(), type);
        } catch (RuntimeException e) {
            throw new IOException("the server's answer is not the expected JSON: " + e.getMessage(), e);
        }
    }

    private static IOException unexpected(String action, HttpResponse<byte[]> response) {
        return new IOException(action + " failed: HTTP " + response.statusCode() + " "
                + new String(response.body(), StandardCharsets.UTF_8).strip());
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
