/** Terminal sessions of running jobs: what runners offered, why one was refused, and who may open a terminal. */
package dev.porthole.server.terminal;
