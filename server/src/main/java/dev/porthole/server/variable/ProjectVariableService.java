package dev.porthole.server.variable;

import dev.porthole.server.project.Project;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Saves project variables after GitLab's checks, and tells which ones a job of a given ref gets. */
@Service
public class ProjectVariableService {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]{1,255}");
    // GitLab's rule for masked values: one line, 8 characters or more, from Base64's alphabets and @ : . ~
    private static final Pattern MASKABLE = Pattern.compile("[A-Za-z0-9+/=@:.~_-]{8,}");

    private final ProjectVariableStore store;

    public ProjectVariableService(ProjectVariableStore store) {
        this.store = store;
    }

    public List<ProjectVariable> list(long projectId) {
        return store.forProject(projectId);
    }

    public Optional<ProjectVariable> find(long projectId, String key) {
        return store.find(projectId, key);
    }

    @Transactional
    public ProjectVariable create(long projectId, ProjectVariable variable) {
        validate(variable);
        if (store.find(projectId, variable.key()).isPresent()) {
            throw new VariableException("key", "(" + variable.key() + ") has already been taken");
        }
        store.insert(projectId, variable);
        return variable;
    }

    @Transactional
    public ProjectVariable update(long projectId, ProjectVariable variable) {
        validate(variable);
        store.update(projectId, variable);
        return variable;
    }

    public boolean delete(long projectId, String key) {
        return store.delete(projectId, key);
    }

    /** The variables a job of this ref gets: protected ones only on protected refs (the default branch). */
    public List<ProjectVariable> forRef(Project project, String ref, boolean tag) {
        boolean protectedRef = !tag && ref.equals(project.defaultBranch());
        return store.forProject(project.id()).stream()
                .filter(v -> protectedRef || !v.protectedOnly())
                .filter(v -> v.environmentScope().equals("*"))
                .toList();
    }

    static void validate(ProjectVariable variable) {
        if (variable.key() == null || !KEY.matcher(variable.key()).matches()) {
            throw new VariableException("key", "can contain only letters, digits and '_'.");
        }
        if (variable.value() == null) {
            throw new VariableException("value", "can't be blank");
        }
        if (!variable.variableType().equals("env_var")
                && !variable.variableType().equals("file")) {
            throw new VariableException("variable_type", "should be env_var or file");
        }
        if (variable.masked() && !MASKABLE.matcher(variable.value()).matches()) {
            throw new VariableException(
                    "value",
                    "cannot be masked: a masked value must be a single line of at least 8"
                            + " characters, using only letters, digits and + / = @ : . ~ _ -");
        }
    }
}
