/**
 * Git over HTTP (JGit's smart protocol): who may clone and push which project, and the pipelines that pushes
 * start.
 */
package dev.porthole.server.git;
