// Relative times ("5 minutes ago") for <time data-relative datetime="...">; the exact time stays in the title.
const units = [
  ["year", 365 * 86400], ["month", 30 * 86400], ["day", 86400], ["hour", 3600], ["minute", 60],
];

export function ago(date, now = Date.now()) {
  const seconds = Math.round((now - date.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return seconds >= 0 ? "just now" : "in a few seconds";
  for (const [unit, size] of units) {
    if (abs >= size * 0.75 || unit === "minute") {
      const n = Math.max(1, Math.round(abs / size));
      const text = `${n} ${unit}${n === 1 ? "" : "s"}`;
      return seconds >= 0 ? `${text} ago` : `in ${text}`;
    }
  }
  return "";
}

export function refreshTimes(root) {
  for (const element of root.querySelectorAll("time[data-relative]")) {
    const date = new Date(element.getAttribute("datetime"));
    if (!Number.isNaN(date.getTime())) element.textContent = ago(date);
  }
}
