// The terminal websocket's subprotocols (docs/terminal-protocol.md). In v1.terminal.porthole.dev every message is
// one binary message: byte 0 is the frame type, the payload follows, numbers are unsigned big-endian. No DOM here,
// so that Node.js can test it against the server's codec.

export const PORTHOLE_V1 = "v1.terminal.porthole.dev";
export const GITLAB = "terminal.gitlab.com";
/** What the page offers, ours first: with ours it can resize, acknowledge output and hear the session's status. */
export const SUBPROTOCOLS = [PORTHOLE_V1, GITLAB];

export const INPUT = 0x01;
export const OUTPUT = 0x02;
export const RESIZE = 0x03;
export const ACK = 0x04;
export const STATUS = 0x05;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Bytes of what the terminal emits: a string as UTF-8, bytes as they are. */
export function bytesOf(data) {
  return typeof data === "string" ? utf8.encode(data) : data;
}

/** Typed or pasted text (UTF-8) or bytes, for the shell. */
export function input(data) {
  const bytes = bytesOf(data);
  const frame = new Uint8Array(bytes.length + 1);
  frame[0] = INPUT;
  frame.set(bytes, 1);
  return frame;
}

/** The terminal's size in cells, each 1 to 65535. */
export function resize(columns, rows) {
  for (const n of [columns, rows]) {
    if (!Number.isInteger(n) || n < 1 || n > 0xffff) throw new RangeError(`not a terminal size: ${columns}x${rows}`);
  }
  const frame = new Uint8Array(5);
  const view = new DataView(frame.buffer);
  view.setUint8(0, RESIZE);
  view.setUint16(1, columns);
  view.setUint16(3, rows);
  return frame;
}

/** The total number of output payload bytes rendered since the connection opened. */
export function ack(total) {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`not a byte count: ${total}`);
  const frame = new Uint8Array(9);
  const view = new DataView(frame.buffer);
  view.setUint8(0, ACK);
  view.setUint32(1, Math.floor(total / 2 ** 32));
  view.setUint32(5, total % 2 ** 32);
  return frame;
}

/**
 * One message from the server: {type: "output", data}, {type: "status", event} (the JSON object, its `event` member
 * names it), {type: "unknown", code} for a type of a later version (ignore it), or {type: "invalid", reason}.
 */
export function decode(message) {
  const bytes = message instanceof Uint8Array ? message : new Uint8Array(message);
  if (bytes.length === 0) return { type: "invalid", reason: "empty frame" };
  const payload = bytes.subarray(1);
  switch (bytes[0]) {
    case OUTPUT:
      return { type: "output", data: payload };
    case STATUS: {
      let event;
      try {
        event = JSON.parse(fromUtf8.decode(payload));
      } catch {
        return { type: "invalid", reason: "status frame is not JSON" };
      }
      if (event === null || typeof event !== "object" || typeof event.event !== "string") {
        return { type: "invalid", reason: "status frame without an event" };
      }
      return { type: "status", event };
    }
    case INPUT:
    case RESIZE:
    case ACK:
      return { type: "invalid", reason: `frame type ${bytes[0]} goes from the client to the runner only` };
    default:
      return { type: "unknown", code: bytes[0] };
  }
}
