package dev.porthole.server.terminalproxy;

/**
 * Why a terminal could not be opened, each with the HTTP status a command-line client gets, and the websocket close
 * code and sentence a browser gets (browsers cannot read the status of a refused upgrade, so the page is given an
 * upgrade that closes at once). A close frame's reason holds at most {@value #MAX_REASON_BYTES} bytes of UTF-8, so
 * the browser's sentence is short and fixed; the full explanation, with the runner's address, goes into the HTTP
 * body and the server's log.
 */
enum DialFailure {
    /** The job is not running (any more), or the runner no longer knows its session. */
    NOT_RUNNING(409, 4404, "This job is not running, so it has no terminal."),
    /** The job runs, but without a session: its runner offers no terminal, or its session was refused. */
    NO_SESSION(
            409,
            4409,
            "This job has no terminal: its runner offers none, or its session was refused. See the job's page."),
    /** The outbound-request policy refuses the address the runner's host resolves to now. */
    POLICY(
            403,
            4403,
            "The runner's address is not allowed. An administrator can allow it in Admin › Settings › Network ›"
                    + " Outbound requests."),
    /** No TCP connection: the runner is down, the address is wrong, or a firewall drops it. */
    UNREACHABLE(
            502, 4502, "Cannot reach the job's runner. Check that it runs and that this server can reach its address."),
    /** TLS failed: the certificate presented is not the one the runner announced, or does not name the host. */
    CERTIFICATE(502, 4495, "The runner did not present the certificate it announced for this job."),
    /** The runner refused the session's authorization. */
    UNAUTHORIZED(502, 4401, "The runner refused this job's session token. It may have restarted since the job began."),
    /** Another terminal is connected to this job's session. */
    BUSY(423, 4423, "Another terminal is already connected to this job."),
    /** The job's executor did not make its terminal ready in time. */
    NOT_READY(503, 4503, "The job's terminal is not ready yet. Try again in a moment."),
    /** No answer within the time allowed. */
    TIMEOUT(504, 4504, "The runner did not answer in time."),
    /** The runner upgraded without choosing any of the subprotocols offered; the server does not translate. */
    SUBPROTOCOL(502, 4406, "The runner speaks none of the terminal subprotocols this client offered."),
    /** Anything else the runner answered, or a failure on the server. */
    OTHER(502, 4500, "Could not open the terminal. The server's log says why.");

    /** RFC 6455 §5.5: a control frame's payload is at most 125 bytes, two of which are the close code. */
    static final int MAX_REASON_BYTES = 123;

    private final int httpStatus;
    private final int closeCode;
    private final String reason;

    DialFailure(int httpStatus, int closeCode, String reason) {
        this.httpStatus = httpStatus;
        this.closeCode = closeCode;
        this.reason = reason;
    }

    int httpStatus() {
        return httpStatus;
    }

    int closeCode() {
        return closeCode;
    }

    /** The sentence a browser gets in the close frame: it fits one. */
    String reason() {
        return reason;
    }
}
