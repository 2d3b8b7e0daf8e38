package dev.porthole.server.web.projects;

import dev.porthole.server.project.Visibility;

/** What was typed into a new project's form, to show it again beside its errors. */
public record ProjectForm(String name, String path, String description, String visibility, boolean readme) {

    static ProjectForm blank() {
        return new ProjectForm("", "", "", Visibility.PRIVATE.wireName(), true);
    }
}
