/**
 * Benchmarks across real processes, each reported beside a baseline measured in the same run, and written to
 * {@code docs/benchmarks.md}.
 */
package dev.porthole.bench;
