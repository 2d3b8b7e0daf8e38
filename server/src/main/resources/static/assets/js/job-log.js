// The job page: draws the log's live appends (server-sent events from the offset the server rendered up to) with
// the same elements LogHtml.java writes, follows the tail while the reader is at the bottom, shows timestamps on
// demand, and keeps the job's status, durations and buttons current.
import { LogParser } from "./ansi.js";
import { every, fetchJson, setStatus } from "./live-status.js";

const log = document.getElementById("job-log");
const head = document.getElementById("job-head");
const jump = document.querySelector(".log-jump");
const timesButton = document.querySelector("[data-action=timestamps]");

const parser = new LogParser(JSON.parse(log.dataset.state));
let position = Number(log.dataset.offset);
let stream = null;
let streamEnded = !log.hasAttribute("data-live");
let status = head.dataset.status;
let showTimes = false;

// The open sections the server left, innermost last: new lines go into the last one's body.
const containers = [{ body: log, details: null, summary: null, start: null }];
for (const details of log.querySelectorAll("details.log-section:not([data-end])")) {
  containers.push({
    body: details.querySelector(":scope > .log-section-body") || details,
    details,
    summary: details.querySelector(":scope > summary"),
    start: { time: Number(details.dataset.start), hideDuration: details.hasAttribute("data-hide-duration") },
  });
}

// ---- Drawing: the same elements, attributes and order as LogHtml.java ----

function lineElement(tag, classes, line) {
  const element = document.createElement(tag);
  element.className = classes;
  element.id = "L" + line.number;
  if (line.at !== null && line.at !== undefined) element.dataset.at = String(line.at);
  if (line.stamp !== null && line.stamp !== undefined) element.dataset.stamp = line.stamp;
  const number = document.createElement("span");
  number.className = "log-ln";
  number.setAttribute("aria-hidden", "true");
  number.textContent = String(line.number);
  const text = document.createElement("span");
  text.className = "log-text";
  for (const segment of line.segments) {
    if (!segment.classes && !segment.css) {
      text.append(segment.text);
    } else {
      const span = document.createElement("span");
      if (segment.classes) span.className = segment.classes;
      if (segment.css) span.setAttribute("style", segment.css);
      span.textContent = segment.text; // text, never markup
      text.append(span);
    }
  }
  element.append(number, text);
  if (showTimes) stampTime(element);
  return element;
}

export function duration(seconds) {
  const s = Math.max(0, seconds);
  const two = (n) => String(n).padStart(2, "0");
  if (s >= 3600) return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return `${two(Math.floor(s / 60))}:${two(s % 60)}`;
}

function draw(events) {
  for (const event of events) {
    const top = containers[containers.length - 1];
    if (event.type === "start") {
      const details = document.createElement("details");
      details.className = "log-section";
      details.dataset.section = event.name;
      details.dataset.start = String(event.time);
      if (event.hideDuration) details.dataset.hideDuration = "";
      if (!event.collapsed) details.open = true;
      top.body.append(details);
      containers.push({ body: null, details, summary: null, start: event });
    } else if (event.type === "line" && event.header && containers.length > 1) {
      const summary = lineElement("summary", "log-line log-section-header", event);
      const body = document.createElement("div");
      body.className = "log-section-body";
      top.details.append(summary, body);
      top.summary = summary;
      top.body = body;
    } else if (event.type === "line") {
      (top.body || top.details).append(lineElement("div", "log-line", event));
    } else if (event.type === "end" && containers.length > 1) {
      containers.pop();
      top.details.dataset.end = String(event.time);
      if (top.summary && !top.start.hideDuration) {
        const span = document.createElement("span");
        span.className = "log-duration";
        span.textContent = duration(event.time - top.start.time);
        top.summary.append(span);
      }
    }
  }
}

function drawPreview() {
  const top = containers[containers.length - 1];
  for (const line of parser.preview()) {
    (top.body || top.details).append(lineElement("div", "log-line log-provisional", line));
  }
}

// ---- Following the tail: the page scrolls, and keeps the log's end in view while the reader is there ----

// The end of the log, not of the page: on narrow screens the job's details come after the log.
const box = document.getElementById("log-box");
let following = log.hasAttribute("data-live") && !location.hash;
const atBottom = () => box.getBoundingClientRect().bottom <= window.innerHeight + 24;
const toBottom = () => {
  const below = box.getBoundingClientRect().bottom - window.innerHeight + 12;
  if (below > 0) window.scrollBy(0, below);
};
// Offered while the log is on screen and its end is not.
const jumpHidden = () => atBottom() || log.getBoundingClientRect().top > window.innerHeight;
window.addEventListener("scroll", () => {
  following = atBottom();
  jump.hidden = jumpHidden();
}, { passive: true });
for (const button of document.querySelectorAll("[data-action=bottom]")) {
  button.addEventListener("click", () => {
    toBottom();
    following = true;
    jump.hidden = true;
  });
}
document.querySelector("[data-action=top]")?.addEventListener("click", () => window.scrollTo(0, 0));
if (following) toBottom();
else jump.hidden = jumpHidden();

function appended(events) {
  const follow = following;
  // The unfinished last line is drawn again after what completes it.
  for (const old of log.querySelectorAll(".log-provisional")) old.remove();
  if (events.length > 0) draw(events);
  drawPreview();
  if (log.childElementCount > 0) document.querySelector("[data-field=explanation]").hidden = true;
  if (follow) toBottom();
  else jump.hidden = jumpHidden();
}

// ---- The live stream ----

function decode(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function openStream() {
  if (stream || streamEnded) return;
  stream = new EventSource(`${log.dataset.stream}?offset=${position}`);
  stream.addEventListener("trace", (message) => {
    const chunk = JSON.parse(message.data);
    let bytes = decode(chunk.data);
    if (chunk.offset + bytes.length <= position) return; // seen already (a reconnect)
    if (chunk.offset < position) bytes = bytes.subarray(position - chunk.offset);
    else if (chunk.offset > position) return; // cannot happen: the server sends the log without gaps
    position += bytes.length;
    appended(parser.push(bytes, chunk.at ?? null));
  });
  stream.addEventListener("error", () => {
    // The browser retries on its own, unless the server refused: then the status poll opens a new one.
    if (stream && stream.readyState === EventSource.CLOSED) stream = null;
  });
  stream.addEventListener("end", () => {
    stream.close();
    stream = null;
    streamEnded = true;
    appended(parser.finish());
    statusPoll.now();
  });
}

// ---- Timestamps ----

function stampTime(line) {
  const text = line.querySelector(":scope > .log-text");
  let label = "";
  if (line.dataset.stamp) {
    label = line.dataset.stamp.substring(11, 19); // HH:MM:SS, UTC, as GitLab shows the runner's timestamps
  } else if (line.dataset.at) {
    const started = Number(log.dataset.startedAt || firstArrival());
    label = "+" + duration(Math.floor((Number(line.dataset.at) - started) / 1000));
  }
  if (label) text.dataset.time = label;
}

function firstArrival() {
  return log.querySelector(".log-line[data-at]")?.dataset.at || Date.now();
}

timesButton.addEventListener("click", () => {
  showTimes = !showTimes;
  timesButton.setAttribute("aria-pressed", String(showTimes));
  timesButton.querySelector("span").textContent = showTimes ? "Hide timestamps" : "Show timestamps";
  log.classList.toggle("show-times", showTimes);
  for (const line of log.querySelectorAll(".log-line")) {
    if (showTimes) stampTime(line);
    else delete line.querySelector(":scope > .log-text").dataset.time;
  }
});
timesButton.title =
  "Each line's time: the runner's own timestamp when the log has them, otherwise how long after the job started it arrived";

// ---- Status, durations and buttons ----

const WAITING = new Set(["created", "manual", "scheduled"]);

function applyState(state) {
  for (const holder of document.querySelectorAll(`[data-live-status="${state.id}"]`)) setStatus(holder, state.status);
  for (const field of document.querySelectorAll("[data-field=duration]")) {
    field.textContent = state.duration || (field.closest(".facts") ? "not started" : "–");
  }
  for (const field of document.querySelectorAll("[data-field=queued]")) {
    field.textContent = state.queued || (field.closest(".facts") ? "not queued" : "–");
  }
  for (const form of head.querySelectorAll("form[data-job-action]")) {
    form.hidden = !state.actions[form.dataset.jobAction];
  }
  const failure = document.querySelector("[data-field=failure]");
  failure.hidden = !state.failure;
  failure.querySelector("[data-field=failure-text]").textContent = state.failure;
  if (state.started_at) log.dataset.startedAt = String(state.started_at);
  applyDebug(state.debug || {});
  applyHold(state.hold || null);
  status = state.status;
  head.dataset.status = status;
}

// Debug appears while the job runs with a session, and goes when it stops; only its owner ever sees the slot.
function applyDebug(debug) {
  const slot = document.querySelector("[data-testid=debug-slot]");
  if (!slot) return;
  const button = slot.querySelector("[data-testid=debug-button]");
  const hint = slot.querySelector("[data-field=debug-hint]");
  const unavailable = slot.querySelector("[data-testid=debug-unavailable]");
  if (debug.terminal_path) button.href = debug.terminal_path;
  button.hidden = hint.hidden = !debug.terminal_path;
  unavailable.querySelector("[data-field=debug-reason]").textContent = debug.unavailable_reason || "";
  unavailable.hidden = !debug.unavailable_reason;
  slot.hidden = !debug.terminal_path && !debug.unavailable_reason;
}

// A held job counts down from the time left that the server gave (never the browser's clock), to the second.
const holdBox = document.querySelector("[data-testid=job-hold]");
let holdEndsAt = holdBox && holdBox.dataset.remainingMs ? Date.now() + Number(holdBox.dataset.remainingMs) : null;

function applyHold(hold) {
  if (!holdBox) return;
  holdBox.hidden = !hold;
  document.querySelector("[data-testid=held-badge]").hidden = !hold;
  holdEndsAt = hold ? Date.now() + hold.remaining_millis : null;
  if (!hold) return;
  holdBox.querySelector("[data-field=hold-exit-code]").textContent = String(hold.exit_code);
  holdBox.querySelector("[data-field=hold-left]").title = new Date(hold.ends_at).toLocaleString();
  const extend = holdBox.querySelector("[data-testid=extend-hold]");
  if (extend) {
    extend.disabled = hold.at_maximum;
    extend.querySelector("[data-field=hold-extend-by]").textContent = hold.extend_by;
  }
  showHoldLeft();
}

function showHoldLeft() {
  if (!holdBox || holdEndsAt === null) return;
  const seconds = Math.max(0, Math.round((holdEndsAt - Date.now()) / 1000));
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  const two = (n) => String(n).padStart(2, "0");
  holdBox.querySelector("[data-field=hold-left]").textContent =
    seconds === 0 ? "a moment (ending)" : h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

if (holdBox) {
  showHoldLeft();
  setInterval(showHoldLeft, 1000);
}

const statusPoll = every(3000, async () => {
  const state = await fetchJson(head.dataset.statusUrl);
  if (state) {
    applyState(state);
    if (!WAITING.has(state.status)) openStream();
    if (state.complete && streamEnded) return false;
  }
  return true;
});

if (!streamEnded && !WAITING.has(status)) openStream();

// A marker tests use to tell an in-place update from a reload.
window.portholeJobLog = { parser, get position() { return position; } };
