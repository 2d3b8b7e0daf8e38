package dev.porthole.server.web.admin;

import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The new instance runner form as submitted, and what is wrong with it, field by field, in words that say how to
 * fix it.
 */
public record RunnerForm(
        String description,
        String tagList,
        boolean runUntagged,
        boolean paused,
        String maximumTimeout,
        Map<String, String> errors) {
    static final int MIN_TIMEOUT = 600;
    static final int MAX_TIMEOUT = 30 * 24 * 3600;
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_TAG = 255;
    private static final int MAX_TAG_LIST = 2000;

    static RunnerForm empty() {
        return new RunnerForm("", "", false, false, "", Map.of());
    }

    static RunnerForm submitted(
            String description, String tagList, boolean runUntagged, boolean paused, String maximumTimeout) {
        var form = new RunnerForm(
                description == null ? "" : description.strip(),
                tagList == null ? "" : tagList.strip(),
                runUntagged,
                paused,
                maximumTimeout == null ? "" : maximumTimeout.strip(),
                Map.of());
        return new RunnerForm(
                form.description, form.tagList, runUntagged, paused, form.maximumTimeout, form.validate());
    }

    public List<String> tags() {
        return RunnerService.parseTagList(tagList);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    public String error(String field) {
        return errors.get(field);
    }

    RunnerOptions options() {
        return new RunnerOptions(
                description,
                tags(),
                runUntagged,
                false,
                paused,
                maximumTimeout.isEmpty() ? null : Integer.parseInt(maximumTimeout));
    }

    private Map<String, String> validate() {
        Map<String, String> found = new LinkedHashMap<>();
        if (description.length() > MAX_DESCRIPTION) {
            found.put("description", "The description is too long: keep it under " + MAX_DESCRIPTION + " characters.");
        }
        List<String> tags = tags();
        if (tagList.length() > MAX_TAG_LIST) {
            found.put("tag_list", "The tags are too long together: keep them under " + MAX_TAG_LIST + " characters.");
        } else if (tags.stream().anyMatch(t -> t.length() > MAX_TAG)) {
            found.put("tag_list", "A tag is longer than " + MAX_TAG + " characters.");
        } else if (tags.isEmpty() && !runUntagged) {
            found.put(
                    "tag_list",
                    "Give the runner at least one tag, or let it run untagged jobs: otherwise no job can ever"
                            + " run on it.");
        }
        if (!maximumTimeout.isEmpty()) {
            if (!maximumTimeout.matches("\\d{1,9}")) {
                found.put("maximum_timeout", "Write the maximum timeout as a whole number of seconds, e.g. 3600.");
            } else {
                int seconds = Integer.parseInt(maximumTimeout);
                if (seconds < MIN_TIMEOUT || seconds > MAX_TIMEOUT) {
                    found.put(
                            "maximum_timeout",
                            "The maximum timeout must be from " + MIN_TIMEOUT + " seconds (10 minutes) to "
                                    + MAX_TIMEOUT + " seconds (30 days); leave it empty for no limit.");
                }
            }
        }
        return Map.copyOf(found);
    }
}
