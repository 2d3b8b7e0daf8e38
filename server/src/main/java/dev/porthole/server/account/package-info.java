/** Users, their passwords and personal access tokens: who is asking. */
package dev.porthole.server.account;
