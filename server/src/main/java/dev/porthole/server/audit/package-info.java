/** The audit log: who changed what in the admin area and through the admin API, when, from what to what. */
package dev.porthole.server.audit;
