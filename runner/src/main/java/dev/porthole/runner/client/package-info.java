/**
 * The runner's side of GitLab's runner API: requests to the server, with every answer turned into a record the
 * rest of the runner acts on, never an HTTP response.
 */
package dev.porthole.runner.client;
