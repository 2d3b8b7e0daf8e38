/** Projects' CI/CD variables: stored per project, validated as GitLab validates them, given to jobs. */
package dev.porthole.server.variable;
