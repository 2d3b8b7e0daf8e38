/**
 * Where a job's scripts run: the executor contract that every executor (shell, later docker) implements, and the
 * values that cross it.
 */
package dev.porthole.runner.executor;
