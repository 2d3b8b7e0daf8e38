package dev.porthole.server.web.projects;

import dev.porthole.server.project.Visibility;
import java.util.List;

/** A visibility as the project forms offer it, with GitLab's explanation of who gets in. */
public record VisibilityChoice(Visibility visibility, String label, String explanation) {

    public static final List<VisibilityChoice> ALL = List.of(
            new VisibilityChoice(
                    Visibility.PRIVATE,
                    "Private",
                    "Project access must be granted explicitly to each user: only members see it."),
            new VisibilityChoice(Visibility.INTERNAL, "Internal", "The project can be accessed by any signed-in user."),
            new VisibilityChoice(
                    Visibility.PUBLIC, "Public", "The project can be accessed without any authentication."));

    public String value() {
        return visibility.wireName();
    }
}
