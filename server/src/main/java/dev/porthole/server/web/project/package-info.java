/** Finding the project of a page by its path, with the role rules every project page shares. */
package dev.porthole.server.web.project;
