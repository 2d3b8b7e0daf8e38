// The terminal page: xterm.js sized to the window, one connection at a time to the job's terminal websocket, and
// the status bar around it (job status, connection state, time left, copy, paste, search, reconnect).
import { Terminal } from "../vendor/xterm/xterm.mjs";
import { FitAddon } from "../vendor/xterm/addon-fit.mjs";
import { SearchAddon } from "../vendor/xterm/addon-search.mjs";
import { WebLinksAddon } from "../vendor/xterm/addon-web-links.mjs";
import { WebglAddon } from "../vendor/xterm/addon-webgl.mjs";
import { every, fetchJson, setStatus } from "./live-status.js";
import { clock, describeClose } from "./terminal-messages.js";
import { connect } from "./terminal-socket.js";

const screen = document.getElementById("terminal");
const field = (name) => document.querySelector(`[data-field="${name}"]`);
const button = (name) => document.querySelector(`[data-action="${name}"]`);

const term = new Terminal({
  cursorBlink: true,
  scrollback: 10000,
  allowProposedApi: true, // the search addon's match highlighting uses decorations
  fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
  fontSize: 14,
  theme: {
    background: "#141318",
    foreground: "#e8e7ec",
    cursor: "#e8e7ec",
    selectionBackground: "#4a5d7e",
  },
});
const fit = new FitAddon();
const search = new SearchAddon();
term.loadAddon(fit);
term.loadAddon(search);
term.loadAddon(new WebLinksAddon());
term.open(screen);
useRenderer();
fit.fit();
term.focus();

/** WebGL draws faster; where it is missing or fails (or ?renderer=dom asks), xterm's DOM renderer stays. */
function useRenderer() {
  screen.dataset.renderer = "dom";
  if (new URLSearchParams(location.search).get("renderer") === "dom") return;
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => {
      webgl.dispose();
      screen.dataset.renderer = "dom";
    });
    term.loadAddon(webgl);
    screen.dataset.renderer = "webgl";
  } catch {
    // No WebGL2 here: the DOM renderer it is.
  }
}

// --- The connection -------------------------------------------------------------------------------------------

let connection = null;
let deadline = null; // when the runner closes the terminal, once the job's script has ended
let held = null; // the job's debug hold, from the job's status feed: when it ends, and the script's exit code

function socketUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${screen.dataset.socket}?cols=${term.cols}&rows=${term.rows}`;
}

function open() {
  hideNotice();
  deadline = null;
  showTimeLeft();
  setConnection("connecting", "Connecting…");
  const current = connect(socketUrl(), {
    write: (bytes, done) => term.write(bytes, done),
    onOpen: (subprotocol) => {
      setConnection("connected", "Connected");
      if (subprotocol !== "v1.terminal.porthole.dev") {
        hint("This connection cannot resize the shell: it keeps the size it started with.");
      }
      current.resize(term.cols, term.rows);
    },
    onStatus: (event) => onStatus(event),
    onClose: (end) => {
      if (connection !== current) return;
      connection = null;
      closed(end);
    },
  });
  connection = current;
}

function onStatus(event) {
  if (event.event === "job_finished") {
    field("time-left").dataset.result = event.result || "";
    deadline = Date.now() + event.timeout_seconds * 1000;
  } else if (event.event === "countdown") {
    deadline = Date.now() + event.remaining_seconds * 1000;
  }
  showTimeLeft();
}

async function closed({ code, reason, opened }) {
  let end = describeClose(code, reason, opened);
  if (!opened && code === 1006) {
    // A refused upgrade tells the page nothing: ask the job page's feed what changed.
    const job = await fetchJson(screen.dataset.statusUrl);
    if (job === null) {
      end = { ...end, title: "You were signed out, or the server cannot be reached.", detail: "Reload the page." };
    } else if (job.status !== "running") {
      end = { ...end, state: "ended", title: "This job has no terminal now.", detail: `The job is ${job.status}.` };
    }
  }
  deadline = null;
  showTimeLeft();
  setConnection(end.state, end.state === "ended" ? "Ended" : "Disconnected");
  showNotice(end);
}

function setConnection(state, label) {
  const holder = field("connection");
  holder.dataset.state = state;
  holder.textContent = label;
  const reconnect = button("reconnect");
  reconnect.disabled = state === "connecting" || state === "connected";
  reconnect.classList.toggle("btn-primary", state === "disconnected");
}

function showNotice({ state, title, detail }) {
  const notice = field("notice");
  notice.classList.toggle("flash-error", state === "disconnected");
  notice.classList.toggle("flash-info", state !== "disconnected");
  field("notice-title").textContent = title;
  field("notice-detail").textContent = detail || "";
  notice.hidden = false;
  fit.fit();
}

function hideNotice() {
  field("notice").hidden = true;
  fit.fit();
}

function showTimeLeft() {
  const holder = field("time-left");
  holder.hidden = deadline === null && held === null;
  if (deadline === null && held !== null) {
    holder.textContent = `Held after failure (exit code ${held.exitCode}) · ends in ${clock((held.until - Date.now()) / 1000)}`;
    holder.title = "The runner keeps this failed job's environment until its debug hold ends; extend or release it on the job page.";
    return;
  }
  if (deadline === null) return;
  const result = holder.dataset.result ? ` (${holder.dataset.result})` : "";
  holder.textContent = `Script ended${result} · closes in ${clock((deadline - Date.now()) / 1000)}`;
  holder.title = "The job waits for this terminal until its session_timeout; then the runner closes it.";
}
setInterval(showTimeLeft, 1000);

term.onData((data) => connection?.send(data));
// Binary input (some mouse reports) comes as a string of byte values, not text.
term.onBinary((data) => connection?.send(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
term.onResize(({ cols, rows }) => {
  connection?.resize(cols, rows);
  showSize();
});

function showSize() {
  field("size").textContent = `${term.cols}×${term.rows}`;
  field("size").dataset.size = `${term.cols}x${term.rows}`;
}
showSize();

// Follow the window: the fit addon picks the size in cells, onResize tells the shell.
let fitting = false;
new ResizeObserver(() => {
  if (fitting) return;
  fitting = true;
  requestAnimationFrame(() => {
    fitting = false;
    fit.fit();
  });
}).observe(screen);

button("reconnect").addEventListener("click", () => {
  if (connection !== null) return;
  term.write("\r\n");
  open();
  term.focus();
});

// --- Job status ----------------------------------------------------------------------------------------------

const badge = document.querySelector("[data-live-status]");
async function refreshJob() {
  const job = await fetchJson(screen.dataset.statusUrl);
  if (job === null) return true;
  setStatus(badge, job.status);
  held = job.hold ? { until: Date.now() + job.hold.remaining_millis, exitCode: job.hold.exit_code } : null;
  showTimeLeft();
  return !job.complete;
}
// At once as well: a held job's countdown belongs in the status bar from the start.
refreshJob();
every(5000, refreshJob);

// --- Copy, paste, search -------------------------------------------------------------------------------------

let hintTimer = null;
function hint(text) {
  const holder = field("hint");
  holder.textContent = text;
  clearTimeout(hintTimer);
  hintTimer = setTimeout(() => (holder.textContent = ""), 4000);
}

async function copy() {
  const text = term.getSelection();
  if (!text) {
    hint("Select text in the terminal first.");
    return;
  }
  try {
    await navigator.clipboard.writeText(text);
    hint("Copied.");
  } catch {
    hint("The browser did not allow copying: press Ctrl+C (⌘C) while the text is selected.");
  }
  term.focus();
}

async function paste() {
  try {
    const text = await navigator.clipboard.readText();
    if (text) term.paste(text);
  } catch {
    hint("The browser did not allow reading the clipboard: press Ctrl+Shift+V (⌘V) in the terminal.");
  }
  term.focus();
}

const searchForm = field("search");
const query = searchForm.elements.q;
const decorations = {
  matchBackground: "#5c4b00",
  matchOverviewRuler: "#b08c00",
  activeMatchBackground: "#b07d00",
  activeMatchColorOverviewRuler: "#ffd24d",
};

function openSearch() {
  searchForm.hidden = false;
  button("search").setAttribute("aria-expanded", "true");
  query.value = query.value || term.getSelection();
  query.select();
  query.focus();
}

function closeSearch() {
  searchForm.hidden = true;
  button("search").setAttribute("aria-expanded", "false");
  search.clearDecorations();
  field("search-result").textContent = "";
  term.focus();
}

function find(backwards, incremental = false) {
  if (!query.value) return;
  const options = { decorations, incremental };
  if (backwards) search.findPrevious(query.value, options);
  else search.findNext(query.value, options);
}

search.onDidChangeResults(({ resultIndex, resultCount }) => {
  field("search-result").textContent =
    resultCount === 0 ? "No match" : resultIndex >= 0 ? `${resultIndex + 1} of ${resultCount}` : `${resultCount}`;
});
query.addEventListener("input", () => {
  field("search-result").textContent = "";
  find(false, true);
});
query.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    event.preventDefault();
    find(event.shiftKey);
  } else if (event.key === "Escape") {
    closeSearch();
  }
});
searchForm.addEventListener("submit", (event) => event.preventDefault());
button("search").addEventListener("click", () => (searchForm.hidden ? openSearch() : closeSearch()));
button("search-next").addEventListener("click", () => find(false));
button("search-previous").addEventListener("click", () => find(true));
button("search-close").addEventListener("click", closeSearch);
button("copy").addEventListener("click", copy);
button("paste").addEventListener("click", paste);

// Ctrl+Shift+C and Ctrl+Shift+F as terminal emulators have them; Ctrl+Shift+V is the browser's own paste.
term.attachCustomKeyEventHandler((event) => {
  if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey) return true;
  if (event.code === "KeyC") {
    copy();
    return false;
  }
  if (event.code === "KeyF") {
    event.preventDefault();
    openSearch();
    return false;
  }
  return event.code !== "KeyV";
});

open();
