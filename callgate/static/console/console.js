// The console's small helpers: copy buttons. No inline script anywhere (strict CSP).
"use strict";

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const text = source.textContent.trim();
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission (or not a secure context): select the text to copy by hand.
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand("copy");
  }
  const label = button.textContent;
  button.textContent = button.dataset.copied || "Copied";
  button.setAttribute("aria-live", "polite");
  setTimeout(() => { button.textContent = label; }, 1800);
});

// Button pickers: a text field (a button's id or exact name works without this script) whose
// suggestions come from the console's search as the user types.
let pickTimer = null;
document.addEventListener("input", (event) => {
  const field = event.target.closest("input[data-picks]");
  if (!field) return;
  clearTimeout(pickTimer);
  pickTimer = setTimeout(async () => {
    const url = `${field.dataset.picks}?q=${encodeURIComponent(field.value)}`;
    const answer = await fetch(url, { credentials: "same-origin" });
    if (!answer.ok) return;
    const list = document.getElementById(field.getAttribute("list"));
    list.replaceChildren(...(await answer.json()).map((button) => {
      const option = document.createElement("option");
      option.value = button.id;
      option.label = button.name;
      return option;
    }));
  }, 150);
});
