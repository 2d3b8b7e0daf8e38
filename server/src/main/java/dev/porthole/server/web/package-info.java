/** What every web page shares: the signed-in viewer, the page chrome, formatting for templates, and error pages. */
package dev.porthole.server.web;
