package dev.porthole.server.web.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.pipeline.Job;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.Visibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The job page's live log: server-sent events that continue exactly where the page's rendering stopped, carry when
 * each piece arrived, resume from the last event id, and end when the job does.
 */
class JobLogStreamTest extends PagesWithRunner {
    private Project project;
    private Job build;

    @BeforeEach
    void aRunningJobOfAPublicProject() {
        cast();
        // Public, so that a plain HTTP client without a session may read it.
        project = projects.create(
                owner.user(), "public-" + UUID.randomUUID().toString().substring(0, 8), null, "", Visibility.PUBLIC);
        repositories.commit(
                project.id(),
                "main",
                Map.of(
                        ".gitlab-ci.yml",
                        ("build:\n  tags: [" + tag + "]\n  script: [make]\n").getBytes(StandardCharsets.UTF_8)),
                "Add CI",
                new PersonIdent("o", "o@example.com"));
        newPipeline(project, owner.user());
        build = take();
    }

    private record Event(String name, String id, JsonNode data) {}

    /** Reads events on a virtual thread; the test takes them one at a time. */
    private BlockingQueue<Event> listen(String query, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(
                        URI.create(url(path(project) + "/-/jobs/" + build.id() + "/trace.stream" + query)))
                .header("Accept", "text/event-stream");
        headers.forEach(builder::header);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response;
        try {
            response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread.ofVirtual().start(() -> {
            String name = null;
            String id = null;
            Iterator<String> lines = response.body().iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    events.add(
                            new Event(name, id, JSON.readTree(line.substring(5).strip())));
                    name = null;
                    id = null;
                }
            }
        });
        return events;
    }

    private static Event next(BlockingQueue<Event> events) throws InterruptedException {
        Event event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }

    private static String text(Event event) {
        return new String(Base64.getDecoder().decode(event.data().get("data").asString()), StandardCharsets.UTF_8);
    }

    @Test
    void theStreamContinuesAtTheOffsetGivesArrivalTimesAndEndsWithTheJob() throws Exception {
        log(build, "one\n");
        log(build, "two\n");
        var events = listen("?offset=4", Map.of());

        Event stored = next(events);
        assertThat(stored.name()).isEqualTo("trace");
        assertThat(stored.data().get("offset").asLong()).isEqualTo(4);
        assertThat(text(stored)).isEqualTo("two\n");
        assertThat(stored.id()).isEqualTo("8");
        assertThat(stored.data().get("at").asLong())
                .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));

        log(build, "three\n");
        Event live = next(events);
        assertThat(live.data().get("offset").asLong()).isEqualTo(8);
        assertThat(text(live)).isEqualTo("three\n");

        succeed(build);
        Event end = next(events);
        assertThat(end.name()).isEqualTo("end");
        assertThat(end.data().get("offset").asLong()).isEqualTo(14);
    }

    @Test
    void aBrowserReconnectingResumesAfterTheLastEventItGot() throws Exception {
        log(build, "one\n");
        log(build, "two\n");
        var events = listen("?offset=0", Map.of("Last-Event-ID", "4"));
        Event first = next(events);
        assertThat(first.data().get("offset").asLong()).isEqualTo(4);
        assertThat(text(first)).isEqualTo("two\n");
    }

    @Test
    void aFinishedJobsStreamSendsTheRestAndEndsAtOnce() throws Exception {
        log(build, "all\nof it");
        succeed(build);
        var events = listen("?offset=4", Map.of());
        List<Event> got = new ArrayList<>(List.of(next(events), next(events)));
        assertThat(got).extracting(Event::name).containsExactly("trace", "end");
        assertThat(text(got.get(0))).isEqualTo("of it");
        assertThat(got.get(1).data().get("offset").asLong()).isEqualTo(9);
        // An offset past the end is taken as the end.
        var past = listen("?offset=999", Map.of());
        assertThat(next(past).name()).isEqualTo("end");
    }
}
