/** Admin › Users: listing, creating and editing accounts, blocking and unblocking, unlocking, and the admin role. */
package dev.porthole.server.web.adminusers;
