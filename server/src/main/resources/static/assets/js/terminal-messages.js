// What the end of a terminal connection means for the user, from the close frame's code and reason
// (docs/terminals.md lists them). No DOM here, so that Node.js can test it.

/** The server's 4xxx codes: it could not open the terminal, and the reason says what it found. */
const REFUSED = {
  4401: "The runner refused this terminal's authorization.",
  4403: "The server may not connect to this runner's address.",
  4404: "This job has no terminal now.",
  4423: "Another terminal is connected to this job.",
  4495: "The runner's certificate is not the one it announced.",
  4500: "The runner refused the terminal.",
  4502: "The server cannot reach the runner.",
  4503: "The job's terminal is not ready yet.",
  4504: "The runner did not answer in time.",
};

/**
 * {state, title, detail}: `state` is "ended" when the terminal was closed on purpose (the shell exited, the job
 * stopped, the session timed out) and "disconnected" when it failed; `opened` says whether the connection was ever
 * open (a refusal before opening has no close frame the page can read).
 */
export function describeClose(code, reason, opened) {
  const detail = (reason || "").trim();
  // A job that stopped running has no terminal to fail: that one ended.
  if (REFUSED[code]) return { state: code === 4404 ? "ended" : "disconnected", title: REFUSED[code], detail };
  switch (code) {
    case 1000:
    case 1001:
      return { state: "ended", title: "The terminal session ended.", detail: detail || "The shell exited." };
    case 1002:
    case 1003:
    case 1007:
    case 1009:
      return { state: "disconnected", title: "The terminal connection broke a protocol rule.", detail };
    case 1006:
      return opened
        ? {
            state: "disconnected",
            title: "The connection to the server was lost.",
            detail: "The network dropped it, or the server stopped. Reconnect to open a new shell.",
          }
        : {
            state: "disconnected",
            title: "The server did not accept the terminal connection.",
            detail: "You may have been signed out, or the server cannot be reached. Reload the page to find out.",
          };
    case 1011:
      return { state: "disconnected", title: "The terminal connection failed.", detail };
    default:
      return { state: "disconnected", title: `The terminal connection closed (code ${code}).`, detail };
  }
}

/** Seconds as the countdown shows them: 29:05, 1:02:03. */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n) => String(n).padStart(2, "0");
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return hours > 0 ? `${hours}:${two(minutes)}:${two(s % 60)}` : `${minutes}:${two(s % 60)}`;
}
