// Status badges that change in place: the server renders one of each into <template id="status-badges">, and
// holders (<span data-live-status data-label="true|false">) get a copy of the right one when a status changes.

export function setStatus(holder, status) {
  const current = holder.querySelector(".status");
  if (current && current.dataset.status === status) return false;
  const template = document.getElementById("status-badges");
  const badge = template?.content.querySelector(`.status[data-status="${CSS.escape(status)}"]`);
  if (!badge) return false;
  const copy = badge.cloneNode(true);
  if (holder.dataset.label === "false") copy.querySelector(".status-text")?.remove();
  holder.replaceChildren(copy);
  return true;
}

/** Fetches JSON; null when the answer is not JSON (signed out meanwhile, or a network failure). */
export async function fetchJson(url) {
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok || !(response.headers.get("Content-Type") || "").includes("json")) return null;
    return await response.json();
  } catch {
    return null;
  }
}

/** Calls `poll` every `interval` ms until it returns false, pausing while the page is hidden. */
export function every(interval, poll) {
  let timer = null;
  let running = false;
  let stopped = false;
  const schedule = () => {
    if (!stopped && timer === null && !running) timer = setTimeout(tick, interval);
  };
  const tick = async () => {
    timer = null;
    if (stopped || running || document.hidden) return; // a hidden page resumes when shown again
    running = true;
    let again;
    try {
      again = await poll();
    } finally {
      running = false;
    }
    if (again === false) stopped = true;
    else schedule();
  };
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && timer === null && !running && !stopped) tick();
  });
  schedule();
  return {
    now() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      tick();
    },
  };
}
