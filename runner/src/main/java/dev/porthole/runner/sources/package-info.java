/** Getting a job's sources: fetching the job's commit with git into its project directory, with the job token. */
package dev.porthole.runner.sources;
