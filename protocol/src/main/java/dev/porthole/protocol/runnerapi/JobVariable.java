package dev.porthole.protocol.runnerapi;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One variable of a job.
 *
 * @param publicValue may appear in logs and be shown to anyone who can see the job
 * @param file the value is written to a file whose path becomes the variable's value
 * @param masked the value is replaced by {@code [MASKED]} in the job's log
 * @param raw the value is used as is, without expanding {@code $VAR} references
 */
public record JobVariable(
        String key,
        String value,
        @JsonProperty("public") boolean publicValue,
        boolean file,
        boolean masked,
        boolean raw) {

    public static JobVariable visible(String key, String value) {
        return new JobVariable(key, value, true, false, false, false);
    }

    public static JobVariable secret(String key, String value) {
        return new JobVariable(key, value, false, false, true, false);
    }
}
