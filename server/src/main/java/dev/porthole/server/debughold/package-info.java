/** Failed jobs held open for debugging: the hold's deadline, Extend and Release, and the administrator's limit. */
package dev.porthole.server.debughold;
