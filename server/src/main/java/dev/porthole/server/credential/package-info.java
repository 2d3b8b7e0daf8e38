/** Random tokens and their stored digests: how every secret the server hands out is made and checked. */
package dev.porthole.server.credential;
