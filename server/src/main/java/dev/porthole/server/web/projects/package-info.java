/**
 * A project's own pages: creating a project, its overview and files, its pipelines list and the Run pipeline form,
 * and its settings, members and CI/CD settings.
 */
package dev.porthole.server.web.projects;
