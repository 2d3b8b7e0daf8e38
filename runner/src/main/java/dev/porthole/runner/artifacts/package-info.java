/** A job's files on disk: archiving artifacts and caches into zips, extracting them safely, and naming caches. */
package dev.porthole.runner.artifacts;
