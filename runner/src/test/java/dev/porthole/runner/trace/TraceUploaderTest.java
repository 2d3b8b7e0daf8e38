package dev.porthole.runner.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.porthole.runner.client.CoordinatorClient;
import dev.porthole.runner.client.RemoteJobState;
import dev.porthole.runner.client.UpdateResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The uploader against a scripted server that keeps a log the way GitLab's does: it appends only at its end,
 * answers 416 with where it ends, and can be told to fail, lose answers or cancel the job.
 */
class TraceUploaderTest {
    private HttpServer server;
    private final ByteArrayOutputStream stored = new ByteArrayOutputStream();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger lostAnswersLeft = new AtomicInteger();
    private volatile String jobStatus = "running";
    private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    private final List<RemoteJobState> states = Collections.synchronizedList(new ArrayList<>());
    private volatile String abortReason;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v4/jobs/1/trace", this::patch);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void patch(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        ranges.add(range);
        exchange.getResponseHeaders().add("Job-Status", jobStatus);
        exchange.getResponseHeaders().add("X-GitLab-Trace-Update-Interval", "1");
        if (failuresLeft.getAndDecrement() > 0) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
        }
        long start = Long.parseLong(range.substring(0, range.indexOf('-')));
        if (start != stored.size()) {
            exchange.getResponseHeaders().add("Range", "0-" + stored.size());
            exchange.sendResponseHeaders(416, -1);
            exchange.close();
            return;
        }
        stored.writeBytes(body);
        if (lostAnswersLeft.getAndDecrement() > 0) {
            exchange.close(); // stored, but the runner never hears so
            return;
        }
        exchange.getResponseHeaders().add("Range", "0-" + stored.size());
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    private TraceUploader uploader(JobTrace trace) {
        var client =
                new CoordinatorClient("http://127.0.0.1:" + server.getAddress().getPort(), "test");
        return new TraceUploader(
                client,
                1,
                "job-token",
                trace,
                new TraceUploader.Listener() {
                    @Override
                    public void onRemoteState(RemoteJobState state) {
                        states.add(state);
                    }

                    @Override
                    public void onAborted(String reason) {
                        abortReason = reason;
                    }
                },
                () -> new UpdateResult.Accepted(new RemoteJobState(jobStatus, Optional.empty(), Optional.empty())));
    }

    private static JobTrace trace() {
        return new JobTrace(new SecretMasker(List.of(), List.of()), 16 << 20);
    }

    private synchronized String storedText() {
        return stored.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sendsTheLogInOrderWithContentRanges() throws Exception {
        JobTrace trace = trace();
        TraceUploader uploader = uploader(trace);
        uploader.start();
        trace.line("one");
        await().atMost(Duration.ofSeconds(10)).until(() -> storedText().equals("one\n"));
        trace.line("two");
        trace.finish();
        assertThat(uploader.finish(Duration.ofSeconds(10))).isTrue();
        assertThat(storedText()).isEqualTo("one\ntwo\n");
        assertThat(ranges).contains("0-3", "4-7");
    }

    @Test
    void patchesAreAtMostOneMebibyte() throws Exception {
        JobTrace trace = trace();
        trace.write(new byte[TraceUploader.MAX_PATCH * 2 + 10]);
        trace.finish();
        assertThat(uploader(trace).finish(Duration.ofSeconds(20))).isTrue();
        assertThat(ranges).containsExactly("0-1048575", "1048576-2097151", "2097152-2097161");
    }

    @Test
    void serverErrorsAreRetriedWithoutLosingBytes() throws Exception {
        failuresLeft.set(2);
        JobTrace trace = trace();
        trace.line("survives errors");
        trace.finish();
        assertThat(uploader(trace).finish(Duration.ofSeconds(20))).isTrue();
        assertThat(storedText()).isEqualTo("survives errors\n");
    }

    @Test
    void aLostAnswerIsRepairedByTheServers416() throws Exception {
        lostAnswersLeft.set(1);
        JobTrace trace = trace();
        trace.line("stored once");
        trace.finish();
        assertThat(uploader(trace).finish(Duration.ofSeconds(20))).isTrue();
        assertThat(storedText()).isEqualTo("stored once\n");
    }

    @Test
    void aCancelOnTheServerReachesTheListener() throws Exception {
        JobTrace trace = trace();
        TraceUploader uploader = uploader(trace);
        uploader.start();
        jobStatus = "canceling";
        trace.line("working");
        await().atMost(Duration.ofSeconds(10)).until(() -> states.stream().anyMatch(RemoteJobState::cancelRequested));
        trace.finish();
        uploader.finish(Duration.ofSeconds(5));
    }

    @Test
    void aCanceledJobStopsTheUploads() throws Exception {
        jobStatus = "canceled";
        JobTrace trace = trace();
        trace.line("too late");
        trace.finish();
        assertThat(uploader(trace).finish(Duration.ofSeconds(10))).isFalse();
        assertThat(abortReason).contains("canceled");
    }
}
