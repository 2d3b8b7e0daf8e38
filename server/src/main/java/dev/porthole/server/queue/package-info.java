/**
 * Wakes runners that wait in a long poll when new jobs may be there for them. Holds no state that only one server
 * instance knows: the database decides who gets a job; this only says when it is worth asking again.
 */
package dev.porthole.server.queue;
