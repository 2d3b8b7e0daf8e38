/** Where this server is reached: its external URL, as users, runners and the links it prints see it. */
package dev.porthole.server.site;
