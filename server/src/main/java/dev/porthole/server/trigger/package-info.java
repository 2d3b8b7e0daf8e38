/** Starting pipelines: from a push, the API or the server itself, a commit's .gitlab-ci.yml becomes a pipeline. */
package dev.porthole.server.trigger;
