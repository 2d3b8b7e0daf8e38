/**
 * A job's log on the runner: masked, bounded, kept whole so that any part can be sent again, and sent to the
 * server in offset-addressed patches.
 */
package dev.porthole.runner.trace;
