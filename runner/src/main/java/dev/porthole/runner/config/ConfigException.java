package dev.porthole.runner.config;

import java.util.List;

/** A configuration file that cannot be used, with every problem found in it, each naming file, line and key. */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
