/** Liveness and readiness answers for load balancers and the launcher: {@code /-/health}, {@code /-/readiness}. */
package dev.porthole.server.health;
