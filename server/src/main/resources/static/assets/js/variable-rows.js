// Key/value rows of the Run pipeline form: "Add variable" appends an empty row, "Remove" takes one away. Rows are
// posted as variables[<n>][...]; numbers only need to be distinct, so a new row takes the highest plus one.
const container = document.querySelector("[data-variable-rows]");
const add = document.querySelector("[data-add-row]");

function nextIndex() {
  let highest = -1;
  for (const field of container.querySelectorAll("[name^='variables[']")) {
    const match = /^variables\[(\d+)]/.exec(field.name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return highest + 1;
}

function addRow() {
  const template = container.querySelector("[data-variable-row]");
  const row = template.cloneNode(true);
  const index = nextIndex();
  for (const field of row.querySelectorAll("[name]")) {
    field.name = field.name.replace(/^variables\[\d+]/, `variables[${index}]`);
    if (field.tagName === "SELECT") field.selectedIndex = 0;
    else field.value = "";
  }
  for (const labelled of row.querySelectorAll("[aria-label]")) {
    labelled.setAttribute("aria-label", labelled.getAttribute("aria-label").replace(/\d+$/, String(index + 1)));
  }
  container.append(row);
  row.querySelector("input").focus();
}

if (container && add) {
  add.addEventListener("click", addRow);
  container.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-remove-row]");
    if (!remove) return;
    const row = remove.closest("[data-variable-row]");
    if (container.querySelectorAll("[data-variable-row]").length > 1) {
      row.remove();
      container.querySelector("[data-variable-row]:last-child input")?.focus();
    } else {
      for (const input of row.querySelectorAll("input")) input.value = "";
    }
  });
}
