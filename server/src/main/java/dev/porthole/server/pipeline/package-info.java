/**
 * Pipelines and their jobs: their states, the one service that changes them, and how a finished job moves its
 * pipeline on.
 */
package dev.porthole.server.pipeline;
