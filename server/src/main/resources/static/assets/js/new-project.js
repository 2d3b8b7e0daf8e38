// The new project form: the path follows the name, as GitLab makes it, until the user edits the path by hand.
const path = document.querySelector("[data-path-from]");
const name = path && document.getElementById(path.dataset.pathFrom);

export function pathOf(text) {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}

if (path && name) {
  let edited = path.value !== "" && path.value !== pathOf(name.value);
  path.addEventListener("input", () => {
    edited = path.value !== "";
  });
  name.addEventListener("input", () => {
    if (!edited) path.value = pathOf(name.value);
  });
}
