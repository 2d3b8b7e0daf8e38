/**
 * The admin area ({@code /admin}): the dashboard, instance runners, network settings and the audit log, for
 * administrators only (anyone else gets GitLab's 404).
 */
package dev.porthole.server.web.admin;
