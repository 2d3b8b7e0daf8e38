/**
 * Job logs (traces): stored durably as the chunks runners send, addressed by byte offset, and fanned out to live
 * readers as they arrive.
 */
package dev.porthole.server.trace;
