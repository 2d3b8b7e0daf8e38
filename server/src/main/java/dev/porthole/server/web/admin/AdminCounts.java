package dev.porthole.server.web.admin;

/** The numbers on the admin dashboard; runners online are those in contact within the last 2 hours. */
public record AdminCounts(
        long users,
        long projects,
        long pipelines,
        long jobsRunning,
        long jobsPending,
        long runners,
        long runnersOnline,
        long runnersOffering) {}
