package dev.porthole.server.terminalproxy;

import dev.porthole.server.outbound.OutboundPolicy;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One websocket client per runner certificate, shared by every terminal into that runner and stopped when the last
 * one ends. A client trusts exactly one certificate, so terminals into different runners need different clients;
 * terminals into the same runner (one certificate per runner start) share one, and with it its selector thread.
 */
final class PinnedClients {
    private static final Logger LOG = LoggerFactory.getLogger(PinnedClients.class);

    private final Executor threads;
    private final Scheduler scheduler;
    private final Supplier<OutboundPolicy> policy;
    private final Map<String, Shared> byCertificate = new HashMap<>();

    PinnedClients(Executor threads, Scheduler scheduler, Supplier<OutboundPolicy> policy) {
        this.threads = threads;
        this.scheduler = scheduler;
        this.policy = policy;
    }

    /** A client in use by one terminal; closing it gives it back. */
    interface Lease extends AutoCloseable {
        WebSocketClient client();

        @Override
        void close();
    }

    private static final class Shared {
        final HttpClient http;
        final WebSocketClient client;
        int users;

        Shared(HttpClient http, WebSocketClient client) {
            this.http = http;
            this.client = client;
        }
    }

    Lease acquire(String certificatePem) throws Exception {
        String key = digest(certificatePem);
        Shared shared;
        synchronized (this) {
            shared = byCertificate.get(key);
            if (shared == null) {
                shared = start(certificatePem);
                byCertificate.put(key, shared);
            }
            shared.users++;
        }
        Shared held = shared;
        return new Lease() {
            private boolean returned;

            @Override
            public WebSocketClient client() {
                return held.client;
            }

            @Override
            public void close() {
                synchronized (PinnedClients.this) {
                    if (returned) {
                        return;
                    }
                    returned = true;
                    if (--held.users > 0) {
                        return;
                    }
                    byCertificate.remove(key, held);
                }
                stop(held);
            }
        };
    }

    private Shared start(String certificatePem) throws Exception {
        HttpClient http = new HttpClient();
        http.setSslContextFactory(PinnedTls.forCertificate(certificatePem));
        http.setExecutor(threads);
        http.setScheduler(scheduler);
        http.setConnectTimeout(RunnerDialer.CONNECT_TIMEOUT.toMillis());
        http.setSocketAddressResolver(new PolicyResolver(policy, threads));
        http.setName("terminal-runner");
        WebSocketClient client = new WebSocketClient(http);
        client.setConnectTimeout(RunnerDialer.CONNECT_TIMEOUT.toMillis());
        client.setIdleTimeout(Duration.ofMinutes(2));
        client.setMaxBinaryMessageSize(TerminalRelay.MAX_MESSAGE);
        client.setMaxTextMessageSize(TerminalRelay.MAX_MESSAGE);
        try {
            http.start();
            client.start();
        } catch (Exception failed) {
            stop(new Shared(http, client));
            throw failed;
        }
        return new Shared(http, client);
    }

    private static void stop(Shared shared) {
        try {
            shared.client.stop();
            shared.http.stop();
        } catch (Exception e) {
            LOG.debug("stopping a runner's websocket client failed", e);
        }
    }

    private static String digest(String pem) throws GeneralSecurityException {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new GeneralSecurityException(impossible);
        }
    }
}
