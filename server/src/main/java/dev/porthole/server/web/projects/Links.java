package dev.porthole.server.web.projects;

import dev.porthole.server.project.Project;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.web.util.UriUtils;

/** The URLs of a project's pages, with refs and file paths encoded segment by segment. */
public final class Links {
    private Links() {}

    public static String project(Project project) {
        return "/" + project.fullPath();
    }

    public static String tree(Project project, String ref, String path) {
        return project(project) + "/-/tree/" + encode(ref) + (path.isEmpty() ? "" : "/" + encode(path));
    }

    public static String blob(Project project, String ref, String path) {
        return project(project) + "/-/blob/" + encode(ref) + "/" + encode(path);
    }

    public static String pipelines(Project project) {
        return project(project) + "/-/pipelines";
    }

    public static String pipeline(Project project, long id) {
        return pipelines(project) + "/" + id;
    }

    /** Each segment of a slash-separated path, encoded for a URL path. */
    static String encode(String path) {
        return Arrays.stream(path.split("/", -1))
                .map(segment -> UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/"));
    }
}
