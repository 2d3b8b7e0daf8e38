/** The start page: the projects a signed-in user works on, or the public ones for visitors. */
package dev.porthole.server.web.home;
