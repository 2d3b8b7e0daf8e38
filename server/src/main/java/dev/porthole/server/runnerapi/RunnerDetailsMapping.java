package dev.porthole.server.runnerapi;

import dev.porthole.protocol.runnerapi.RunnerInfo;
import dev.porthole.server.runner.RunnerService.RunnerDetails;
import jakarta.servlet.http.HttpServletRequest;

/** What a runner's {@code info} says, in the terms the server keeps. */
final class RunnerDetailsMapping {
    private RunnerDetailsMapping() {}

    static RunnerDetails from(RunnerInfo info, HttpServletRequest request) {
        if (info == null) {
            return new RunnerDetails(null, null, null, null, null, null, request.getRemoteAddr());
        }
        return new RunnerDetails(
                info.version(),
                info.revision(),
                info.platform(),
                info.architecture(),
                info.executor(),
                info.shell(),
                request.getRemoteAddr());
    }
}
