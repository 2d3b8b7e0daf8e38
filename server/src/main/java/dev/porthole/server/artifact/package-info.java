/** Job artifacts: files runners upload after a job, kept on disk until they expire, for later jobs and for people. */
package dev.porthole.server.artifact;
