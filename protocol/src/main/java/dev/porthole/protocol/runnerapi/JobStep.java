package dev.porthole.protocol.runnerapi;

import java.util.List;

/**
 * One step of a job: {@code script} (before_script and script together) or {@code after_script}.
 *
 * @param timeout seconds
 * @param when {@code on_success}, {@code on_failure} or {@code always}
 */
public record JobStep(String name, List<String> script, long timeout, String when, boolean allowFailure) {

    public static final String SCRIPT = "script";
    public static final String AFTER_SCRIPT = "after_script";
}
