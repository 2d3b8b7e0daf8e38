/** Porthole's runner: takes jobs from a server over GitLab's runner API and runs them. */
package dev.porthole.runner;
