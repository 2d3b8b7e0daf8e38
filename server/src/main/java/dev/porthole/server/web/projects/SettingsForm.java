package dev.porthole.server.web.projects;

import dev.porthole.server.project.Project;

/** What a project's settings form holds. */
public record SettingsForm(String name, String description, String visibility) {

    static SettingsForm of(Project project) {
        return new SettingsForm(
                project.name(), project.description(), project.visibility().wireName());
    }
}
