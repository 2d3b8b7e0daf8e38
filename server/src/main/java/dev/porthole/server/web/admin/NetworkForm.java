package dev.porthole.server.web.admin;

import java.util.List;

/** The Outbound requests form's values, and the problems that kept them from being saved. */
public record NetworkForm(boolean allowLocal, String allowlist, List<String> problems) {}
