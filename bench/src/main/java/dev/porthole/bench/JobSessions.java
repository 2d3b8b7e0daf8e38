package dev.porthole.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The terminal sessions the runner offered for running jobs, read from the server's H2 database: the only place
 * besides the runner's memory that has a session's URL, certificate and token, and no API hands them out (on
 * purpose). For the benchmark only, the server runs with {@code AUTO_SERVER=TRUE} so that this process can open
 * the database while the server has it open; the server itself still uses it embedded.
 */
final class JobSessions {
    private final String jdbcUrl;

    JobSessions(Path serverDataDir) {
        this.jdbcUrl = url(serverDataDir);
    }

    /** The datasource URL to start the server with, so that this class can read its database. */
    static String url(Path serverDataDir) {
        return "jdbc:h2:file:" + serverDataDir.resolve("db/porthole") + ";AUTO_SERVER=TRUE";
    }

    /** A session as the server stored it. */
    record Session(long jobId, String url, String certificatePem, String authorization) {
        /** The runner's websocket endpoint for a terminal. */
        String execUrl() {
            return url.replaceFirst("^https", "wss") + "/exec";
        }

        Map<String, String> headers() {
            return Map.of("Authorization", authorization);
        }

        /** TLS that trusts exactly this session's certificate, as the server's proxy does. */
        SSLContext pinnedTls() throws Exception {
            var certificate = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("session", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
    }

    List<Session> all() throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "porthole", "");
                var query = db.prepareStatement(
                        "SELECT job_id, url, certificate, authorization_token FROM job_sessions ORDER BY job_id");
                var rows = query.executeQuery()) {
            List<Session> sessions = new ArrayList<>();
            while (rows.next()) {
                sessions.add(new Session(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4)));
            }
            return sessions;
        }
    }

    int count() throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "porthole", "");
                var query = db.prepareStatement("SELECT COUNT(*) FROM job_sessions");
                var rows = query.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
