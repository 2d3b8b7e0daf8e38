/** What the server sets up on its first start: the root administrator, and for the demo a sample project. */
package dev.porthole.server.bootstrap;
