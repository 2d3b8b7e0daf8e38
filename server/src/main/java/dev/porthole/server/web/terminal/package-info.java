/**
 * The terminal page of a running job: xterm.js in the browser, speaking the terminal websocket, with the job's
 * status, the connection's state and the session's time left around it.
 */
package dev.porthole.server.web.terminal;
