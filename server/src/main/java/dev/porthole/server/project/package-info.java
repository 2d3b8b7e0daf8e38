/** Projects, their members and roles, and the rules that say who may do what with a project. */
package dev.porthole.server.project;
