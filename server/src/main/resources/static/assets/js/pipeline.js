// The pipeline page: lines between jobs and the jobs they need, drawn from the cards' data-needs, and statuses,
// durations and buttons kept current by polling the pipeline's JSON every 2 s while anything may still change.
import { every, fetchJson, setStatus } from "./live-status.js";

const head = document.getElementById("pipeline");
const graph = document.getElementById("pipeline-graph");
const SVG = "http://www.w3.org/2000/svg";

function cards() {
  return new Map([...graph.querySelectorAll(".job-card")].map((card) => [card.dataset.jobName, card]));
}

function drawNeeds() {
  if (!graph) return;
  const svg = graph.querySelector("svg.needs-lines");
  const origin = graph.getBoundingClientRect();
  const left = (rect) => rect.left - origin.left + graph.scrollLeft;
  const top = (rect) => rect.top - origin.top + graph.scrollTop;
  svg.setAttribute("width", String(graph.scrollWidth));
  svg.setAttribute("height", String(graph.scrollHeight));
  const byName = cards();
  const paths = [];
  for (const card of byName.values()) {
    for (const name of (card.dataset.needs || "").split(",").filter(Boolean)) {
      const needed = byName.get(name);
      if (!needed) continue;
      const a = needed.querySelector(".job-card-main").getBoundingClientRect();
      const b = card.querySelector(".job-card-main").getBoundingClientRect();
      const y1 = top(a) + a.height / 2;
      const y2 = top(b) + b.height / 2;
      let d;
      if (left(b) > left(a) + a.width) {
        const x1 = left(a) + a.width;
        const x2 = left(b);
        const bend = Math.max(12, (x2 - x1) / 2);
        d = `M${x1} ${y1} C${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}`;
      } else {
        // A need in the same stage: round the left side of the column.
        const x = Math.min(left(a), left(b));
        d = `M${left(a)} ${y1} C${x - 18} ${y1} ${x - 18} ${y2} ${left(b)} ${y2}`;
      }
      const path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      path.dataset.from = name;
      path.dataset.to = card.dataset.jobName;
      paths.push(path);
    }
  }
  svg.replaceChildren(...paths);
}

function highlight(name, on) {
  for (const path of graph.querySelectorAll("svg.needs-lines path")) {
    if (path.dataset.from === name || path.dataset.to === name) path.classList.toggle("active", on);
  }
}

if (graph) {
  drawNeeds();
  new ResizeObserver(() => drawNeeds()).observe(graph);
  graph.addEventListener("scroll", () => drawNeeds());
  for (const card of graph.querySelectorAll(".job-card")) {
    card.addEventListener("mouseenter", () => highlight(card.dataset.jobName, true));
    card.addEventListener("mouseleave", () => highlight(card.dataset.jobName, false));
    card.addEventListener("focusin", () => highlight(card.dataset.jobName, true));
    card.addEventListener("focusout", () => highlight(card.dataset.jobName, false));
  }
}

function applyJob(card, job) {
  const holder = card.querySelector("[data-live-status]");
  if (card.dataset.jobId !== String(job.id)) {
    // Retried meanwhile: the card now stands for the newest attempt.
    card.dataset.jobId = String(job.id);
    holder.dataset.liveStatus = String(job.id);
    card.querySelector("a.job-name").href = job.path;
    for (const form of card.querySelectorAll("form[data-job-action]")) {
      form.action = `${job.path}/${form.dataset.jobAction}`;
    }
  }
  setStatus(holder, job.status);
  card.querySelector("a.job-name").title = `${job.name}: ${job.status}`;
  card.querySelector("[data-field=label]").textContent = job.label;
  for (const form of card.querySelectorAll("form[data-job-action]")) {
    form.hidden = !job.actions[form.dataset.jobAction];
  }
}

function apply(state) {
  setStatus(head.querySelector('[data-live-status="pipeline"]'), state.status);
  const duration = head.querySelector("[data-field=duration]");
  duration.textContent = state.duration;
  duration.closest(".pipeline-duration").hidden = !state.duration;
  for (const form of head.querySelectorAll("form[data-pipeline-action]")) {
    form.hidden = !state.actions[form.dataset.pipelineAction];
  }
  if (graph) {
    const byName = cards();
    for (const job of state.jobs) {
      const card = byName.get(job.name);
      if (card) applyJob(card, job);
    }
    drawNeeds();
  }
}

if (head.hasAttribute("data-live")) {
  every(2000, async () => {
    const state = await fetchJson(head.dataset.stateUrl);
    if (!state) return true;
    apply(state);
    return state.live;
  });
}
