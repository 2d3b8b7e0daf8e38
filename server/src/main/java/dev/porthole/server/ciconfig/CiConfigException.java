package dev.porthole.server.ciconfig;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot make a pipeline, with every problem found in it. */
public class CiConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<CiConfigError> errors;

    public CiConfigException(List<CiConfigError> errors) {
        super(errors.stream().map(CiConfigError::describe).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<CiConfigError> errors() {
        return errors;
    }
}
