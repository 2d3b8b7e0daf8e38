// Shows commands with this server's own address.
for (const element of document.querySelectorAll(".origin")) {
  element.textContent = location.origin;
}
