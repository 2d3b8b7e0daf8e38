// Keeps the pipelines list current without a reload: polls the list's JSON, and when a pipeline appeared or a
// status changed, renders the list again from the page itself (the server's HTML stays the only template).
import { refreshTimes } from "./time.js";

const list = document.querySelector("[data-live-pipelines]");
const ACTIVE = new Set(["created", "pending", "running", "manual", "scheduled", "waiting_for_resource", "preparing"]);

function shown() {
  return [...list.querySelectorAll("[data-pipeline-id]")].map((row) => `${row.dataset.pipelineId}:${row.dataset.status}`);
}

async function rerender() {
  const answer = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
  if (!answer.ok) return;
  const page = new DOMParser().parseFromString(await answer.text(), "text/html");
  const fresh = page.querySelector("[data-live-pipelines]");
  if (fresh) {
    list.replaceChildren(...fresh.childNodes);
    refreshTimes(list);
  }
}

async function poll() {
  let active = true;
  if (!document.hidden) {
    try {
      const answer = await fetch(list.dataset.livePipelines, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (answer.ok) {
        const data = await answer.json();
        const now = data.pipelines.map((p) => `${p.id}:${p.status}`);
        active = data.pipelines.some((p) => ACTIVE.has(p.status));
        if (now.join(",") !== shown().join(",")) await rerender();
      }
    } catch {
      // The server is out of reach for a moment: the next poll tries again.
    }
  }
  // New pipelines appear on the first page: keep an eye on it even when everything shown has finished.
  const firstPage = !new URL(location.href).searchParams.has("page") || new URL(location.href).searchParams.get("page") === "1";
  setTimeout(poll, active ? 3000 : firstPage ? 5000 : 30000);
}

if (list) setTimeout(poll, 3000);
