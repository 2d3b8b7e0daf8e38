package dev.porthole.server.ciconfig;

import java.util.List;

/** Compiles the configurations of tests and picks out what they look at. */
final class Compiling {
    private Compiling() {}

    static CiConfig compile(String yaml) throws CiConfigException {
        return CiConfigCompiler.compile(yaml);
    }

    static CiConfig compile(String yaml, ConfigSource source) throws CiConfigException {
        return CiConfigCompiler.compile(yaml, source, PipelineContext.forBranch("main"));
    }

    static List<CiConfigError> errorsOf(String yaml) {
        return errorsOf(yaml, ConfigSource.empty(), PipelineContext.forBranch("main"));
    }

    static List<CiConfigError> errorsOf(String yaml, ConfigSource source) {
        return errorsOf(yaml, source, PipelineContext.forBranch("main"));
    }

    static List<CiConfigError> errorsOf(String yaml, ConfigSource source, PipelineContext context) {
        try {
            CiConfigCompiler.compile(yaml, source, context);
        } catch (CiConfigException e) {
            return e.errors();
        }
        throw new AssertionError("expected the configuration to be rejected:\n" + yaml);
    }

    static JobDefinition job(CiConfig config, String name) {
        return config.jobs().stream()
                .filter(j -> j.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job " + name + " in " + names(config)));
    }

    static List<String> names(CiConfig config) {
        return config.jobs().stream().map(JobDefinition::name).toList();
    }

    static VariableDefinition variable(String key, String value) {
        return new VariableDefinition(key, value, false);
    }
}
