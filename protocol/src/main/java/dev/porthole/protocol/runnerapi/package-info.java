/**
 * GitLab's runner API v4 as records: the requests a runner sends and the job payload it receives. Field names
 * become snake_case through {@link dev.porthole.protocol.runnerapi.RunnerApiJson}; irregular wire names are
 * annotated.
 */
package dev.porthole.protocol.runnerapi;
