// Accessibility fixes that Gradio's components do not expose as arguments (see a11y.py).
// Runs as a document-level script from launch(head=...); CONFIG is injected before it.
(function (CONFIG) {
  "use strict";
  if (window.__kiTutorA11y) return;
  window.__kiTutorA11y = true;

  // 1. Language: the content is German whatever the browser's language; Gradio writes the
  //    browser's locale to <html lang> (for its own strings), so pin it.
  const root = document.documentElement;
  const pinLang = () => { if (root.getAttribute("lang") !== CONFIG.lang) root.setAttribute("lang", CONFIG.lang); };
  pinLang();
  new MutationObserver(pinLang).observe(root, { attributes: true, attributeFilter: ["lang"] });

  // 2. German accessible names for Gradio's built-in English labels.
  function german(text) {
    if (text == null) return null;
    if (Object.prototype.hasOwnProperty.call(CONFIG.labels, text)) return CONFIG.labels[text];
    for (const [start, replacement] of CONFIG.prefixes) {
      if (text.startsWith(start)) return replacement + text.slice(start.length);
    }
    return null;
  }
  const SVG_REFERENCES = "use, linearGradient, radialGradient, clipPath, mask, pattern, filter, marker";
  function fixNames() {
    for (const el of document.querySelectorAll("[aria-label], [title]")) {
      for (const attr of ["aria-label", "title"]) {
        const de = german(el.getAttribute(attr));
        if (de !== null) el.setAttribute(attr, de);
      }
      // An icon button without any name (Gradio leaves aria-label="" on some): use its title.
      if (el.tagName === "BUTTON" && !el.getAttribute("aria-label") && !el.textContent.trim()) {
        const title = el.getAttribute("title");
        if (title) el.setAttribute("aria-label", title);
      }
      // aria-label on a generic element without text (Gradio's "empty" pictograms) is not
      // allowed: such an element is an image with that name.
      const tag = el.tagName;
      if ((tag === "DIV" || tag === "SPAN") && el.getAttribute("aria-label") && !el.getAttribute("role")
          && !el.textContent.trim()) {
        el.setAttribute("role", "img");
      }
    }
    // Checkbox/radio titles repeat the internal key ("mc"): the visible label is the name.
    for (const el of document.querySelectorAll("label input[title]")) {
      const title = el.getAttribute("title");
      if (title === el.name || title === el.value) el.removeAttribute("title");
    }
    // Gradio's icons repeat ids inside buttons (id="icon" in every icon button): unused
    // there, but duplicate ids (WCAG 2.1 SC 4.1.1). Icons that refer to their own ids keep them.
    for (const svg of document.querySelectorAll("button svg")) {
      if (svg.querySelector(SVG_REFERENCES)) continue;
      if (svg.id) svg.removeAttribute("id");
      for (const el of svg.querySelectorAll("[id]")) el.removeAttribute("id");
    }
    // Chat logs are announced by our own region once a message is complete (below); Gradio's
    // live log would read every streamed fragment.
    for (const log of document.querySelectorAll('[role="log"][aria-live="polite"]')) {
      log.setAttribute("aria-live", "off");
    }
  }

  // A block that scrolls (Gradio sets max_height as inline style) must be reachable by
  // keyboard to be scrolled, unless it holds a focusable control already.
  const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  function markScrollables() {
    for (const block of document.querySelectorAll(".block")) {
      const scrolls = block.scrollHeight > block.clientHeight + 1 && /(auto|scroll)/.test(getComputedStyle(block).overflowY);
      const ours = block.hasAttribute("data-a11y-bildlauf");
      if (scrolls && !ours && !block.hasAttribute("tabindex") && !block.querySelector(FOCUSABLE)) {
        block.setAttribute("tabindex", "0");
        block.setAttribute("role", "region");
        block.setAttribute("aria-label", CONFIG.scrollLabel);
        block.setAttribute("data-a11y-bildlauf", "");
      } else if (!scrolls && ours) {
        for (const a of ["tabindex", "role", "aria-label", "data-a11y-bildlauf"]) block.removeAttribute(a);
      }
    }
  }

  // 3. One polite live region: new chat/checklist messages and status outputs, read once
  //    when they have stopped changing.
  let region = null;
  function ensureRegion() {
    if (region && document.body.contains(region)) return region;
    region = document.createElement("div");
    region.id = CONFIG.regionId;
    region.className = "a11y-nur-screenreader";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    region.setAttribute("aria-label", CONFIG.regionLabel);
    document.body.appendChild(region);
    return region;
  }
  function say(text) {
    const r = ensureRegion();
    r.textContent = "";
    // a new text node after a pause makes screen readers read it even if it repeats
    setTimeout(() => { r.textContent = text; }, 80);
  }
  const visible = (el) => !!(el && el.offsetParent !== null);
  const busy = (block) => {
    const tracker = block.querySelector('[data-testid="status-tracker"]');
    return !!(tracker && !tracker.classList.contains("hide"));
  };
  const clean = (text) => text.replace(/\s+/g, " ").trim();
  function sources() {
    const found = [];
    for (const log of document.querySelectorAll('[role="log"]')) {
      const block = log.closest(".block") || log;
      const bots = log.querySelectorAll('[data-testid="bot"]');
      const last = bots[bots.length - 1];
      found.push({ key: log, block, text: last ? clean(last.innerText) : "", count: bots.length });
    }
    for (const id of CONFIG.announce) {
      const block = document.getElementById(id);
      if (block) found.push({ key: block, block, text: clean(block.innerText), count: 0 });
    }
    return found;
  }
  // What a block shows when it first appears (welcome text, a tab's first content) and what
  // changes before the user's first action (saved state loaded) is not news; later changes are.
  let acted = false;
  for (const type of ["keydown", "pointerdown"]) {
    document.addEventListener(type, () => { acted = true; }, { capture: true, once: true });
  }
  const seen = new WeakMap(); // key -> {sig, since, said}
  function watch() {
    const now = Date.now();
    const news = []; // what settles in the same round is read as one message, none lost
    for (const s of sources()) {
      const sig = s.count + "\u0000" + s.text;
      const state = seen.get(s.key);
      if (!state) { seen.set(s.key, { sig, since: now, said: sig }); continue; }
      if (!acted) { state.sig = sig; state.said = sig; continue; }
      if (state.sig !== sig) { state.sig = sig; state.since = now; continue; }
      if (state.said === sig || now - state.since < CONFIG.settleMs) continue;
      if (busy(s.block) || !visible(s.block)) continue;
      state.said = sig;
      if (s.text) news.push(s.text);
    }
    if (news.length) say(news.join(" "));
  }

  // 4. Enter submits: in a choice control or number field (implicit submission, as in an
  //    HTML form) the next visible primary button of the same tab; in the fields listed in
  //    CONFIG.enter the button named there.
  const IMPLICIT = new Set(["radio", "number", "range"]);
  function targetFor(el) {
    for (const [field, button] of Object.entries(CONFIG.enter)) {
      const box = document.getElementById(field);
      if (box && box.contains(el)) return document.getElementById(button);
    }
    if (el.tagName !== "INPUT" || !IMPLICIT.has(el.type)) return null;
    const scope = el.closest('[role="tabpanel"]') || document.body;
    for (const b of scope.querySelectorAll("button.primary")) {
      if (visible(b) && !b.disabled && (el.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)) {
        return b;
      }
    }
    return null;
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || !event.target.closest) return;
    const button = targetFor(event.target);
    if (!button || !visible(button)) return;
    event.preventDefault();
    event.stopPropagation();
    button.click();
  }, true);

  function start() {
    ensureRegion();
    fixNames();
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; fixNames(); });
    }).observe(document.body, { subtree: true, childList: true, attributes: true,
                                attributeFilter: ["aria-label", "title", "aria-live"] });
    // sizes change without a DOM mutation we observe (content height, window width): poll
    setInterval(() => { markScrollables(); watch(); }, CONFIG.pollMs);
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})(window.__kiTutorA11yConfig);
