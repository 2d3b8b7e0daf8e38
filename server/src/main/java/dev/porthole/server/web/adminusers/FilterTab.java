package dev.porthole.server.web.adminusers;

/** One tab of the user list's filters: its link and how many users it holds. */
public record FilterTab(String label, String href, long count, boolean active) {}
