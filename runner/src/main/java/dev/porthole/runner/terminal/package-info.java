/**
 * Interactive terminals: the contract an executor offers ({@link dev.porthole.runner.terminal.InteractiveTerminal}),
 * the login shell on a PTY that the shell executor offers, and the flow-control window that bounds unread output.
 */
package dev.porthole.runner.terminal;
