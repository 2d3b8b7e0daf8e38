package dev.porthole.runner.session;

import dev.porthole.protocol.terminal.TerminalSubprotocol;
import dev.porthole.runner.terminal.FlowWindow;
import dev.porthole.runner.terminal.TerminalProcess;
import dev.porthole.runner.terminal.TerminalSize;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /session/<id>/exec}, in GitLab's order: unknown session 404, wrong {@code Authorization} 401, not a
 * websocket upgrade 405, the job's terminal not ready within a minute 503, a terminal already connected 423, the
 * shell not starting 500; then the upgrade, with the most preferred subprotocol the client offered. Everything else
 * is 404. All of it happens before the upgrade, so that a proxy sees plain HTTP statuses.
 */
final class ExecHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ExecHandler.class);
    private static final Pattern EXEC = Pattern.compile("/session/([0-9a-f]{64})/exec");
    private static final Duration OPEN_PATIENCE = Duration.ofSeconds(30);

    private final SessionServer server;
    private final ServerWebSocketContainer container;

    ExecHandler(SessionServer server, ServerWebSocketContainer container) {
        super(InvocationType.BLOCKING);
        this.server = server;
        this.container = container;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Matcher exec = EXEC.matcher(request.getHttpURI().getPath());
        Optional<TerminalSession> found = exec.matches() ? server.find(exec.group(1)) : Optional.empty();
        if (found.isEmpty()) {
            LOG.debug(
                    "no session for {} {}",
                    request.getMethod(),
                    request.getHttpURI().getPath());
            return error(request, response, callback, HttpStatus.NOT_FOUND_404, "no such session");
        }
        TerminalSession session = found.get();
        if (!session.authorizes(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            LOG.warn(
                    "terminal connection to the session {}... refused: Authorization header is not valid (from {})",
                    session.shortId(),
                    Request.getRemoteAddr(request));
            return error(request, response, callback, HttpStatus.UNAUTHORIZED_401, "Authorization header is not valid");
        }
        if (!isWebSocketUpgrade(request)) {
            response.getHeaders().put(HttpHeader.ALLOW, HttpMethod.GET.asString());
            return error(
                    request,
                    response,
                    callback,
                    HttpStatus.METHOD_NOT_ALLOWED_405,
                    "only a websocket upgrade (GET) connects a terminal");
        }
        boolean upgraded = container.upgrade(
                (upgradeRequest, upgradeResponse, upgradeCallback) ->
                        connect(session, upgradeRequest, upgradeResponse, upgradeCallback),
                request,
                response,
                callback);
        if (!upgraded) {
            return error(request, response, callback, HttpStatus.BAD_REQUEST_400, "not a valid websocket handshake");
        }
        return true;
    }

    /** The websocket endpoint for the job's terminal, or null after answering with an error status. */
    private Object connect(
            TerminalSession session, ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback)
            throws InterruptedException {
        var terminal = switch (session.awaitTerminal(server.timings().terminalWait())) {
            case TerminalSession.Readiness.Ready ready -> ready.terminal();
            case TerminalSession.Readiness.NotReady notReady -> {
                LOG.info(
                        "terminal connection to the session {}... refused: the job's terminal is not ready",
                        session.shortId());
                error(
                        request,
                        response,
                        callback,
                        HttpStatus.SERVICE_UNAVAILABLE_503,
                        "the job's terminal is not ready yet");
                yield null;
            }
            case TerminalSession.Readiness.Ended ended -> {
                error(request, response, callback, HttpStatus.NOT_FOUND_404, "the job ended");
                yield null;
            }
        };
        if (terminal == null) {
            return null;
        }
        if (!session.reserve()) {
            LOG.info(
                    "terminal connection to the session {}... refused: a terminal is already connected",
                    session.shortId());
            error(request, response, callback, HttpStatus.LOCKED_423, "a terminal is already connected to this job");
            return null;
        }
        Optional<TerminalSubprotocol> chosen = TerminalSubprotocol.choose(request.getSubProtocols());
        TerminalProcess process;
        try {
            process = terminal.start(size(request));
        } catch (IOException | RuntimeException e) {
            session.unreserve();
            LOG.warn("failed to connect to the terminal of the session {}...: {}", session.shortId(), e.toString());
            error(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "the shell did not start");
            return null;
        }
        var connection = new TerminalConnection(
                session, process, chosen.orElse(TerminalSubprotocol.GITLAB), new FlowWindow(FlowWindow.DEFAULT_SIZE));
        if (!session.occupy(connection)) {
            connection.abandon("the job ended while the terminal started");
            error(request, response, callback, HttpStatus.NOT_FOUND_404, "the job ended");
            return null;
        }
        // Like GitLab's runner: with none of ours offered, the upgrade names none and frames are raw bytes.
        chosen.ifPresent(protocol -> response.setAcceptedSubProtocol(protocol.token()));
        connection.abandonUnlessOpenedWithin(OPEN_PATIENCE);
        return connection;
    }

    /** The initial size from {@code ?cols=&rows=} (Porthole's clients send it), otherwise 80x24. */
    private static TerminalSize size(Request request) {
        Fields query = Request.extractQueryParameters(request);
        try {
            int columns = Integer.parseInt(query.getValue("cols"));
            int rows = Integer.parseInt(query.getValue("rows"));
            return new TerminalSize(columns, rows);
        } catch (IllegalArgumentException e) {
            return TerminalSize.DEFAULT;
        }
    }

    private static boolean isWebSocketUpgrade(Request request) {
        return HttpMethod.GET.is(request.getMethod())
                && "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))
                && request.getHeaders().contains(HttpHeader.CONNECTION, "upgrade");
    }

    private static boolean error(Request request, Response response, Callback callback, int status, String message) {
        Response.writeError(request, response, callback, status, message);
        return true;
    }
}
