package dev.porthole.server.ciconfig;

import java.util.List;

/** A compiled configuration: the stages in order and the jobs, each knowing its stage's index. */
public record CiConfig(List<String> stages, List<JobDefinition> jobs) {}
