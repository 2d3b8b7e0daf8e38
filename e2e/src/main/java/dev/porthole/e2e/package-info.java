/**
 * Drives Porthole from outside, as its users do: real server and runner processes, the git command, and HTTP; shared
 * by the end-to-end tests and the benchmarks.
 */
package dev.porthole.e2e;
