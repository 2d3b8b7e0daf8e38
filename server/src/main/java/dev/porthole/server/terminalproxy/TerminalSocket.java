package dev.porthole.server.terminalproxy;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.Caller;
import dev.porthole.server.account.User;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.project.ProjectAccess;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.site.ExternalUrl;
import dev.porthole.server.terminal.DebugDecision;
import dev.porthole.server.terminal.OpenConnections;
import dev.porthole.server.terminal.TerminalAccess;
import dev.porthole.server.web.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /<namespace>/<project>/-/jobs/<id>/terminal.ws}: a terminal into a running job. A browser is authenticated
 * by its session cookie and must come from this server's own pages (its {@code Origin}); a command-line client by a
 * {@code PRIVATE-TOKEN} with the {@code api} scope. Only the user who started the job may connect (404 for a job the
 * user cannot see, 403 for one they see but may not debug). The runner is dialled before the upgrade completes, so a
 * runner that cannot be reached is an answer, not a terminal that opens and dies.
 */
@Controller
class TerminalSocket {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalSocket.class);
    private static final String ORIGIN = "Origin";

    private final ProjectAccess projects;
    private final JobService jobs;
    private final TerminalAccess access;
    private final AccountService accounts;
    private final ExternalUrl externalUrl;
    private final RunnerDialer dialer;
    private final OpenConnections connections;
    private final TerminalTimer timer;
    private final Clock clock;

    TerminalSocket(
            ProjectAccess projects,
            JobService jobs,
            TerminalAccess access,
            AccountService accounts,
            ExternalUrl externalUrl,
            RunnerDialer dialer,
            OpenConnections connections,
            TerminalTimer timer,
            Clock clock) {
        this.projects = projects;
        this.jobs = jobs;
        this.access = access;
        this.accounts = accounts;
        this.externalUrl = externalUrl;
        this.dialer = dialer;
        this.connections = connections;
        this.timer = timer;
        this.clock = clock;
    }

    /** How the client proved who it is; browsers get failures as a close frame, tokens as an HTTP status. */
    private record Client(User user, boolean browser) {}

    @GetMapping("/{namespace}/{project}/-/jobs/{id:\\d{1,18}}/terminal.ws")
    void connect(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            @RequestParam(name = "cols", required = false) String cols,
            @RequestParam(name = "rows", required = false) String rows,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Optional<Client> client = authenticate(viewer, request, response);
        if (client.isEmpty()) {
            return;
        }
        User user = client.get().user();
        Optional<ProjectRole> role = projects.byPath(user, namespace, project).filter(ProjectRole::canRead);
        Optional<Job> job = role.flatMap(
                r -> jobs.find(id).filter(j -> j.projectId() == r.project().id()));
        if (job.isEmpty()) {
            plain(response, 404, "No such job, or you may not see it.");
            return;
        }
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            plain(response, 400, "This address takes websocket connections only. Open the job's terminal page.");
            return;
        }
        List<String> offered =
                TerminalSubprotocols.offered(Collections.list(request.getHeaders("Sec-WebSocket-Protocol")));
        if (offered.isEmpty()) {
            plain(
                    response,
                    400,
                    "Offer one of the subprotocols " + String.join(", ", TerminalSubprotocols.SUPPORTED) + ".");
            return;
        }
        DebugDecision decision = access.decide(user, role.get(), job.get());
        if (!(decision instanceof DebugDecision.Allowed allowed)) {
            if (!owner(user, role.get(), job.get())) {
                plain(response, 403, "Only the user who started this job may open a terminal into it.");
                return;
            }
            if (job.get().status() != JobStatus.RUNNING) {
                refuse(
                        client.get(),
                        request,
                        response,
                        offered,
                        DialFailure.NOT_RUNNING,
                        DialFailure.NOT_RUNNING.reason());
                return;
            }
            String why = decision instanceof DebugDecision.UnavailableForOwner unavailable
                    ? unavailable.reason()
                    : DialFailure.NO_SESSION.reason();
            refuse(client.get(), request, response, offered, DialFailure.NO_SESSION, why);
            return;
        }
        Integer columns = size(cols);
        Integer lines = size(rows);
        var watch = new ConnectionWatch(
                user.id(), role.get(), job.get(), client.get().browser() ? "browser" : "token");
        var relay = new TerminalRelay(watch, timer.executor(), timer.permissionInterval());
        DialOutcome outcome = dialer.dial(
                allowed.session(),
                offered,
                columns != null && lines != null ? columns : null,
                columns != null && lines != null ? lines : null,
                relay.runnerListener());
        switch (outcome) {
            case DialOutcome.Failed failed -> {
                LOG.info("terminal for job {} not opened: {}", id, failed.message());
                refuse(client.get(), request, response, offered, failed.failure(), failed.message());
            }
            case DialOutcome.Connected connected -> {
                Object endpoint = relay.clientEndpoint(connected);
                boolean upgraded = container(request)
                        .upgrade(
                                (upgradeRequest, upgradeResponse) -> {
                                    upgradeResponse.setAcceptedSubProtocol(connected.subprotocol());
                                    return endpoint;
                                },
                                request,
                                response);
                if (!upgraded) {
                    relay.abandon("The browser's websocket upgrade failed");
                    if (!response.isCommitted()) {
                        plain(response, 400, "Not a valid websocket upgrade.");
                    }
                }
            }
        }
    }

    private Optional<Client> authenticate(Viewer viewer, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String token = request.getHeader("PRIVATE-TOKEN");
        if (token != null && !token.isBlank()) {
            Optional<Caller> caller = accounts.authenticateToken(token.trim());
            if (caller.isEmpty()) {
                plain(response, 401, "The PRIVATE-TOKEN is not valid.");
                return Optional.empty();
            }
            if (!caller.get().mayWriteApi()) {
                plain(response, 403, "A terminal needs a token with the api scope.");
                return Optional.empty();
            }
            return Optional.of(new Client(caller.get().user(), false));
        }
        if (!viewer.signedIn()) {
            plain(response, 401, "Sign in, or send a PRIVATE-TOKEN header.");
            return Optional.empty();
        }
        // Cookies go with cross-site websocket requests too: only this server's own pages may use them here.
        if (!sameOrigin(request.getHeader(ORIGIN), request)) {
            plain(response, 403, "This terminal can only be opened from this server's own pages.");
            return Optional.empty();
        }
        return Optional.of(new Client(viewer.user(), true));
    }

    /** The page's origin must be this server's: as configured, or as the browser addressed it. */
    private boolean sameOrigin(String origin, HttpServletRequest request) {
        if (origin == null || origin.isBlank()) {
            return false;
        }
        String normalized = origin(origin);
        String requested = origin(request.getScheme() + "://" + request.getHeader("Host"));
        return normalized != null && (normalized.equals(origin(externalUrl.base())) || normalized.equals(requested));
    }

    private static String origin(String url) {
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static boolean owner(User user, ProjectRole role, Job job) {
        return Objects.equals(job.userId(), user.id()) && role.canUpdateJobs();
    }

    /**
     * A browser cannot read the status of a refused upgrade, only a close frame: it gets an upgrade that closes at
     * once with the failure's code and its short sentence (a close frame holds no more). Command-line clients get the
     * HTTP status and the whole {@code message}.
     */
    private void refuse(
            Client client,
            HttpServletRequest request,
            HttpServletResponse response,
            List<String> offered,
            DialFailure failure,
            String message)
            throws IOException {
        if (!client.browser()) {
            plain(response, failure.httpStatus(), message);
            return;
        }
        boolean upgraded = container(request)
                .upgrade(
                        (upgradeRequest, upgradeResponse) -> {
                            upgradeResponse.setAcceptedSubProtocol(offered.get(0));
                            return new RefusalEndpoint(failure.closeCode(), failure.reason());
                        },
                        request,
                        response);
        if (!upgraded && !response.isCommitted()) {
            plain(response, failure.httpStatus(), message);
        }
    }

    private static Integer size(String value) {
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n >= 1 && n <= 65535 ? n : null;
        } catch (NumberFormatException malformed) {
            return null;
        }
    }

    private static JettyWebSocketServerContainer container(HttpServletRequest request) {
        return JettyWebSocketServerContainer.getContainer(request.getServletContext());
    }

    private static void plain(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps the relay honest while it runs: the job still running, its user still allowed; records the end. */
    private final class ConnectionWatch implements TerminalRelay.Watch {
        private final long userId;
        private final ProjectRole role;
        private final Job job;
        private final String clientKind;
        private volatile long connectionId = -1;

        ConnectionWatch(long userId, ProjectRole role, Job job, String clientKind) {
            this.userId = userId;
            this.role = role;
            this.job = job;
            this.clientKind = clientKind;
        }

        @Override
        public String stopReason(boolean permission) {
            Optional<Job> now = jobs.find(job.id());
            if (now.isEmpty() || now.get().status() != JobStatus.RUNNING) {
                return "Job #" + job.id() + " is no longer running ("
                        + now.map(j -> j.status().wireName()).orElse("deleted") + ").";
            }
            if (permission) {
                Optional<User> user = accounts.findUser(userId).filter(User::active);
                Optional<ProjectRole> current = user.flatMap(u -> projects.byPath(
                        u, role.project().namespacePath(), role.project().path()));
                if (user.isEmpty()
                        || current.isEmpty()
                        || !(access.decide(user.get(), current.get(), now.get()) instanceof DebugDecision.Allowed)) {
                    return "You may no longer open a terminal into this job.";
                }
            }
            return null;
        }

        @Override
        public void opened(String subprotocol) {
            connectionId = connections.opened(
                    job.id(), role.project().id(), userId, job.runnerId(), subprotocol, clientKind, clock.instant());
            LOG.info("terminal opened for job {} by user {} ({}, {})", job.id(), userId, subprotocol, clientKind);
        }

        @Override
        public void ended(long bytesToRunner, long bytesToClient, String reason) {
            if (connectionId >= 0) {
                connections.ended(connectionId, clock.instant(), bytesToRunner, bytesToClient, reason);
            }
            LOG.info("terminal for job {} closed: {}", job.id(), reason);
        }
    }
}
