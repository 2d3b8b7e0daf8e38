/**
 * The subset of GitLab's REST API v4 that scripts and python-gitlab drive: projects, pipelines, jobs, traces and
 * runners, with GitLab's field names, status codes and error bodies.
 */
package dev.porthole.server.restapi;
