package dev.porthole.server.terminal;

import dev.porthole.server.outbound.OutboundDecision;
import dev.porthole.server.outbound.OutboundPolicy;
import dev.porthole.server.outbound.OutboundSettings;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes the terminal session a runner offers when it is given a job. The session's address must be https, resolve,
 * and be one the outbound-request policy lets the server reach; its certificate must be readable. A session that
 * fails is not stored, and the job keeps running: unlike GitLab, which answers the runner 409 for every job it asks
 * for until an administrator notices, Porthole runs the job and tells its owner why Debug is missing.
 */
@Service
public class SessionOffers {
    private static final Logger LOG = LoggerFactory.getLogger(SessionOffers.class);
    static final String SETTING = "Admin › Settings › Network › Outbound requests";

    private final JobSessionStore sessions;
    private final OutboundSettings outbound;
    private final Clock clock;

    SessionOffers(JobSessionStore sessions, OutboundSettings outbound, Clock clock) {
        this.sessions = sessions;
        this.outbound = outbound;
        this.clock = clock;
    }

    /** Checks the offer and stores the session, or the reason it was refused, with the job. Never throws. */
    public SessionOutcome accept(long jobId, String url, String certificate, String authorization) {
        SessionOutcome outcome;
        try {
            outcome = check(jobId, url, certificate, authorization);
        } catch (RuntimeException unexpected) {
            LOG.warn("could not check the terminal session offered for job {}", jobId, unexpected);
            outcome = new SessionOutcome.Refused("The terminal session the runner offered could not be checked ("
                    + unexpected.getClass().getSimpleName() + "). See the server's log.");
        }
        switch (outcome) {
            case SessionOutcome.Accepted accepted -> {
                sessions.save(accepted.session());
                sessions.setUnavailableReason(jobId, null);
            }
            case SessionOutcome.Refused refused -> {
                sessions.delete(jobId);
                sessions.setUnavailableReason(jobId, refused.reason());
                LOG.info("terminal session of job {} refused: {}", jobId, refused.reason());
            }
        }
        return outcome;
    }

    private SessionOutcome check(long jobId, String url, String certificate, String authorization) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.trim());
        } catch (URISyntaxException malformed) {
            return refused("The runner offered a terminal session at an address that is not a URL (" + url
                    + "). Check advertise_address in the [session_server] section of its config.toml.");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return refused("The runner offered a terminal session at " + url + ", but terminal sessions must be"
                    + " https URLs with a host. Check advertise_address in the [session_server] section of the"
                    + " runner's config.toml.");
        }
        if (authorization == null || authorization.isBlank()) {
            return refused("The runner offered a terminal session without an authorization token. Upgrade or"
                    + " restart the runner.");
        }
        if (!readableCertificate(certificate)) {
            return refused("The runner's session certificate is not a readable PEM certificate. Restart the runner"
                    + " so that it makes a new one.");
        }
        String host = uri.getHost();
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException unknown) {
            return refused("The server cannot resolve " + host + ", where the runner offers its terminal sessions"
                    + " (advertise_address in the runner's [session_server]). Use a name or address this server"
                    + " can reach.");
        }
        OutboundPolicy policy = outbound.current();
        for (InetAddress address : addresses) {
            if (policy.check(host, address, port) instanceof OutboundDecision.Refused refusal) {
                return refused(refusal.reason() + ": the runner offers its terminal sessions at " + host + ":"
                        + port + literalNote(host, address) + ", a local address. An administrator can allow it"
                        + " in " + SETTING + ": turn on \"Allow requests to the local network from webhooks and"
                        + " integrations\", or add " + host + " to the allowlist. Jobs that start after the change"
                        + " offer Debug.");
            }
        }
        return new SessionOutcome.Accepted(
                new JobSession(jobId, uri.toString(), certificate, authorization, clock.instant()));
    }

    private static String literalNote(String host, InetAddress address) {
        String literal = address.getHostAddress();
        return host.equals(literal) || host.equals("[" + literal + "]") ? "" : " (" + literal + ")";
    }

    private static boolean readableCertificate(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            return false;
        }
        try {
            CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return true;
        } catch (CertificateException unreadable) {
            return false;
        }
    }

    private static SessionOutcome refused(String reason) {
        return new SessionOutcome.Refused(reason);
    }
}
