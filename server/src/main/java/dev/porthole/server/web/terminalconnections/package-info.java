/**
 * Who opened a terminal: the record of terminal connections as administrators ({@code /admin/terminals}) and a
 * project's maintainers ({@code /<namespace>/<project>/-/terminals}) review it.
 */
package dev.porthole.server.web.terminalconnections;
