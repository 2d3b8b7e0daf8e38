package dev.porthole.server.web;

/** An error page: what happened, in a sentence that says what to do. */
public record ErrorView(int status, String title, String message) {}
