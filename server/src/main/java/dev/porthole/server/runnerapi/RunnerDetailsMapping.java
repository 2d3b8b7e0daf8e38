package dev.porthole.server.runnerapi;

import dev.porthole.protocol.runnerapi.JobRequest;
import dev.porthole.protocol.runnerapi.RunnerInfo;
import dev.porthole.server.runner.RunnerService.RunnerDetails;
import dev.porthole.server.runner.TerminalSupport;
import jakarta.servlet.http.HttpServletRequest;

/** What a runner's {@code info} says, in the terms the server keeps. */
final class RunnerDetailsMapping {
    private static final String SESSION_FEATURE = "session";

    private RunnerDetailsMapping() {}

    /** For calls other than job requests, which say nothing about terminals. */
    static RunnerDetails from(RunnerInfo info, HttpServletRequest request) {
        return from(info, null, request);
    }

    /** For {@code jobs/request}: a runner with a session server sends a {@code session} with every request. */
    static RunnerDetails from(JobRequest job, HttpServletRequest request) {
        boolean feature = job.info() != null && job.info().hasFeature(SESSION_FEATURE);
        return from(job.info(), TerminalSupport.of(job.session() != null, feature), request);
    }

    private static RunnerDetails from(RunnerInfo info, TerminalSupport terminal, HttpServletRequest request) {
        if (info == null) {
            return new RunnerDetails(null, null, null, null, null, null, request.getRemoteAddr(), terminal);
        }
        return new RunnerDetails(
                info.version(),
                info.revision(),
                info.platform(),
                info.architecture(),
                info.executor(),
                info.shell(),
                request.getRemoteAddr(),
                terminal);
    }
}
