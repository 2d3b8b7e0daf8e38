/**
 * GitLab's runner API v4 ({@code /api/v4/runners}, {@code /api/v4/jobs/...}): the protocol records mapped to and
 * from the domain, with GitLab's status codes and headers, so that stock gitlab-runners work with this server.
 */
package dev.porthole.server.runnerapi;
