// Behaviour every page shares: relative times that stay current, copy buttons, and confirmations.
import { refreshTimes } from "./time.js";

refreshTimes(document);
setInterval(() => refreshTimes(document), 30_000);

document.addEventListener("click", async (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const text = copy.dataset.copy || document.querySelector(copy.dataset.copyFrom)?.textContent || "";
    try {
      await navigator.clipboard.writeText(text.trim());
      const label = copy.textContent;
      copy.textContent = "Copied";
      setTimeout(() => (copy.textContent = label), 1500);
    } catch {
      copy.textContent = "Copy failed: select and copy by hand";
    }
  }
});

document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Close the user menu when clicking elsewhere or pressing Escape.
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details.menu[open]")) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    for (const menu of document.querySelectorAll("details.menu[open]")) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  }
});
