// The button editor's live preview: reload the sandboxed frame with the form's unsaved
// values (never the SIP password or the CSRF token) a moment after the owner stops typing.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("editor");
  const frame = document.getElementById("preview-frame");
  const box = document.getElementById("frame-box");
  const stateSelect = document.getElementById("preview-state");
  if (!form || !frame) return;
  const SECRET = new Set(["sip_password", "csrf_token"]);
  const pressed = document.querySelector('[data-preview-lang][aria-pressed="true"]');
  const view = { lang: pressed ? pressed.dataset.previewLang : "en", state: "idle" };
  let timer = null;

  function previewUrl() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (!SECRET.has(name) && typeof value === "string" && value !== "") params.append(name, value);
    }
    params.set("preview_lang", view.lang);
    params.set("preview_state", view.state);
    return shown.dataset.previewBase + "?" + params.toString();
  }

  // Each change loads in a new frame behind the shown one, which it replaces once loaded: no
  // blank flash, and no navigation is cut off halfway. Changes made meanwhile wait their turn.
  let shown = frame;
  let loading = false;
  let pending = null;

  function go(url) {
    pending = null;
    if (shown.getAttribute("src") === url) return;
    loading = true;
    const next = shown.cloneNode(false);
    next.removeAttribute("id");
    next.classList.add("incoming");
    next.addEventListener("load", () => {
      shown.remove();
      next.id = "preview-frame";
      next.classList.remove("incoming");
      shown = next;
      loading = false;
      if (pending !== null) go(pending);
    }, { once: true });
    next.setAttribute("src", url);
    box.appendChild(next);
  }

  function reload() {
    const url = previewUrl();
    if (loading) pending = url;
    else go(url);
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(reload, 300);
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  stateSelect.addEventListener("change", () => { view.state = stateSelect.value; reload(); });

  function pick(attribute, apply) {
    const buttons = document.querySelectorAll(`[${attribute}]`);
    for (const button of buttons) {
      button.addEventListener("click", () => {
        for (const other of buttons) other.setAttribute("aria-pressed", String(other === button));
        apply(button.getAttribute(attribute));
      });
    }
  }
  pick("data-preview-lang", (lang) => { view.lang = lang; reload(); });
  pick("data-preview-width", (width) => { box.classList.toggle("phone", width === "phone"); });
});
