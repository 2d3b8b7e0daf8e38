package dev.porthole.server.web.projects;

import dev.porthole.server.variable.ProjectVariable;

/**
 * What the variable form holds; {@code editing} names the key being changed (null when adding one).
 *
 * @param expand GitLab's "Expand variable reference": the opposite of the variable's {@code raw}
 */
public record VariableForm(
        String editing,
        String key,
        String value,
        String variableType,
        boolean protectedOnly,
        boolean masked,
        boolean expand,
        String description) {

    static VariableForm blank() {
        return new VariableForm(null, "", "", "env_var", false, false, true, "");
    }

    /** A variable to edit: a masked value is not sent to the browser again; leaving it empty keeps it. */
    static VariableForm of(ProjectVariable v) {
        return new VariableForm(
                v.key(),
                v.key(),
                v.masked() ? "" : v.value(),
                v.variableType(),
                v.protectedOnly(),
                v.masked(),
                !v.raw(),
                v.description() == null ? "" : v.description());
    }

    public boolean adding() {
        return editing == null;
    }

    ProjectVariable toVariable(String keptValue) {
        return new ProjectVariable(
                key.strip(),
                value.isEmpty() && keptValue != null ? keptValue : value,
                variableType,
                protectedOnly,
                masked,
                !expand,
                "*",
                description == null || description.isBlank() ? null : description.strip());
    }
}
