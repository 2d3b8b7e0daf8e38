package dev.porthole.server.web.projects;

/** What the add-member form holds: a username and a role's name. */
public record MemberForm(String username, String accessLevel) {}
