/**
 * One job on the runner, end to end: report, fetch sources, run the steps, report the outcome, clean up; with one
 * source of cancellation that timeouts, the server and shutdown all feed.
 */
package dev.porthole.runner.job;
