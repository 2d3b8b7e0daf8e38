/**
 * The runner process at work: a polling loop per configured runner that asks for jobs within the concurrency
 * limits, runs them, and stops cleanly on a signal.
 */
package dev.porthole.runner.polling;
