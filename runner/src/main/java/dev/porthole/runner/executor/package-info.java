/**
 * Where a job's scripts run: the executor contract that every executor (shell, docker) implements, the
 * values that cross it, and the way each prints its commands.
 */
package dev.porthole.runner.executor;
