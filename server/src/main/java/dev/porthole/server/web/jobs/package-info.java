/**
 * The job page (status, the log rendered from ANSI with sections, live over server-sent events, and the job's
 * actions), the raw log, and the project's list of jobs.
 */
package dev.porthole.server.web.jobs;
