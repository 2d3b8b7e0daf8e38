package dev.porthole.server.terminalproxy;

/**
 * Why the runner's session server could not be joined, each with the HTTP status a command-line client gets and
 * the websocket close code a browser gets (browsers cannot read the status of a refused upgrade, so the page is
 * given an upgrade that closes at once with the code and a sentence).
 */
enum DialFailure {
    /** The job stopped running, or its session is gone. */
    NOT_RUNNING(409, 4404),
    /** The outbound-request policy refuses the address the runner's host resolves to now. */
    POLICY(403, 4403),
    /** No TCP connection: the runner is down, the address is wrong, or a firewall drops it. */
    UNREACHABLE(502, 4502),
    /** TLS failed: the certificate presented is not the one the runner announced, or does not name the host. */
    CERTIFICATE(502, 4495),
    /** The runner refused the session's authorization. */
    UNAUTHORIZED(502, 4401),
    /** Another terminal is connected to this job's session. */
    BUSY(423, 4423),
    /** The job's executor did not make its terminal ready in time. */
    NOT_READY(503, 4503),
    /** No answer within the time allowed. */
    TIMEOUT(504, 4504),
    /** Anything else the runner answered. */
    OTHER(502, 4500);

    private final int httpStatus;
    private final int closeCode;

    DialFailure(int httpStatus, int closeCode) {
        this.httpStatus = httpStatus;
        this.closeCode = closeCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    int closeCode() {
        return closeCode;
    }
}
