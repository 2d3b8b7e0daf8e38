// One terminal connection: the websocket, our subprotocol or GitLab's, and flow control. Output is acknowledged
// once it is rendered (the `write` callback), not when it arrives, so a tab that draws slowly slows the shell
// instead of piling up bytes (docs/terminal-protocol.md, Flow control).
import { PORTHOLE_V1, SUBPROTOCOLS, ack, bytesOf, decode, input, resize } from "./terminal-frames.js";

/** Acknowledge at least this often while output streams; and whenever rendering catches up. */
const ACK_EVERY = 64 * 1024;

/**
 * Opens `url`. `write(bytes, done)` renders output and calls `done` once rendered; `onOpen(subprotocol)`,
 * `onStatus(event)` and `onClose({code, reason, opened})` report the rest.
 */
export function connect(url, { write, onOpen, onStatus, onClose }) {
  const socket = new WebSocket(url, SUBPROTOCOLS);
  socket.binaryType = "arraybuffer";
  let opened = false;
  let rendered = 0;
  let acknowledged = 0;
  let pending = 0;
  const ours = () => socket.protocol === PORTHOLE_V1;
  const open = () => socket.readyState === WebSocket.OPEN;

  const rendering = (size) => () => {
    pending--;
    rendered += size;
    if (open() && (rendered - acknowledged >= ACK_EVERY || (pending === 0 && rendered > acknowledged))) {
      acknowledged = rendered;
      socket.send(ack(rendered));
    }
  };

  socket.onopen = () => {
    opened = true;
    onOpen(socket.protocol);
  };
  socket.onmessage = (event) => {
    if (!ours()) {
      // GitLab's terminal.gitlab.com: raw bytes, no acknowledgements (TCP paces the runner).
      write(typeof event.data === "string" ? bytesOf(event.data) : new Uint8Array(event.data), () => {});
      return;
    }
    const frame = decode(event.data);
    if (frame.type === "output") {
      pending++;
      write(frame.data, rendering(frame.data.length));
    } else if (frame.type === "status") {
      onStatus(frame.event);
    } else if (frame.type === "invalid") {
      console.warn(`terminal: ignored a frame: ${frame.reason}`);
    }
  };
  socket.onclose = (event) => onClose({ code: event.code, reason: event.reason, opened });

  return {
    /** Typed or pasted text, or bytes; dropped unless connected. */
    send(data) {
      if (open()) socket.send(ours() ? input(data) : bytesOf(data));
    },
    /** GitLab's subprotocol cannot resize: the shell keeps the size it started with. */
    resize(columns, rows) {
      if (open() && ours()) socket.send(resize(columns, rows));
    },
    close() {
      socket.close(1000, "The page closed the terminal.");
    },
  };
}
