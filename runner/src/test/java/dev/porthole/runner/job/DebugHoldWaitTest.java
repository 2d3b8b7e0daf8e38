package dev.porthole.runner.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A held job's wait: the server's word on the time left wins over the runner's own deadline. */
class DebugHoldWaitTest {
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CompletableFuture<StopReason> stop = new CompletableFuture<>();
    private final List<Duration> extensions = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private Future<DebugHoldWait.End> waitOn(DebugHoldWait hold) {
        return threads.submit(() -> hold.await(stop, extensions::add));
    }

    @Test
    void theReportNamesTheRequestedSecondsAndTheExitCode() {
        var hold = new DebugHoldWait(Duration.ofMinutes(15), 3);
        assertThat(hold.report().seconds()).isEqualTo(900);
        assertThat(hold.report().exitCode()).isEqualTo(3);
    }

    @Test
    void zeroFromTheServerReleasesTheHold() throws Exception {
        var hold = new DebugHoldWait(Duration.ofHours(1), 1);
        Future<DebugHoldWait.End> end = waitOn(hold);
        hold.serverSays(Duration.ofMinutes(59));
        assertThat(end).isNotDone();
        hold.serverSays(Duration.ZERO);
        assertThat(end.get()).isInstanceOf(DebugHoldWait.End.Released.class);
    }

    @Test
    void zeroFromTheServerAtTheDeadlineIsTheHoldRunningOut() throws Exception {
        var hold = new DebugHoldWait(Duration.ofSeconds(1), 1);
        Future<DebugHoldWait.End> end = waitOn(hold);
        hold.serverSays(Duration.ZERO);
        assertThat(end.get()).isInstanceOf(DebugHoldWait.End.Expired.class);
    }

    @Test
    void withoutWordFromTheServerItExpiresOnItsOwn() throws Exception {
        var hold = new DebugHoldWait(Duration.ofMillis(200), 1);
        assertThat(waitOn(hold).get()).isInstanceOf(DebugHoldWait.End.Expired.class);
    }

    @Test
    void aShorterTimeFromTheServerEndsItSooner() throws Exception {
        var hold = new DebugHoldWait(Duration.ofHours(1), 1);
        Future<DebugHoldWait.End> end = waitOn(hold);
        hold.serverSays(Duration.ofMillis(100));
        assertThat(end.get()).isInstanceOf(DebugHoldWait.End.Expired.class);
    }

    @Test
    void anExtensionIsToldOnceAndTheHoldGoesOn() throws Exception {
        var hold = new DebugHoldWait(Duration.ofMinutes(15), 1);
        Future<DebugHoldWait.End> end = waitOn(hold);
        hold.serverSays(Duration.ofMinutes(30));
        await().until(() -> extensions.size() == 1);
        assertThat(extensions).containsExactly(Duration.ofMinutes(30));
        // The next answers repeat about the same time left: no new line in the log.
        hold.serverSays(Duration.ofMinutes(30).minusSeconds(3));
        assertThat(end).isNotDone();
        hold.serverSays(Duration.ZERO);
        assertThat(end.get()).isInstanceOf(DebugHoldWait.End.Released.class);
        assertThat(extensions).hasSize(1);
    }

    @Test
    void aCancelEndsTheHoldWithItsReason() throws Exception {
        var hold = new DebugHoldWait(Duration.ofHours(1), 1);
        Future<DebugHoldWait.End> end = waitOn(hold);
        stop.complete(StopReason.CANCELED);
        assertThat(end.get()).isEqualTo(new DebugHoldWait.End.Stopped(StopReason.CANCELED));
    }
}
