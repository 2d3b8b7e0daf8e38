/** What crosses the wire between Porthole's server, its runners and browsers; it depends on nothing of ours. */
package dev.porthole.protocol;
