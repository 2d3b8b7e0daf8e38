/** The pipeline page: its jobs by stage with their needs, its actions, and its live status. */
package dev.porthole.server.web.pipelines;
