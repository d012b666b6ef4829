// Injected by tests/browser.rs into a copy of index.html, ahead of the page's own scripts: it
// records console errors, uncaught errors, blocked and made network requests, then, once the
// page says it has drawn, counts the table's rows and each chart's marks, hovers one request
// of the waterfall and reads the tooltip, and writes all it found into <pre id="found">.
"use strict";
(() => {
  const found = { errors: [], blocked: [] };
  const quiet = console.error.bind(console);
  console.error = (...args) => { found.errors.push(args.map(String).join(" ")); quiet(...args); };
  window.addEventListener("error", (e) => found.errors.push(`${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener("unhandledrejection", (e) => found.errors.push(`unhandled rejection: ${e.reason}`));
  document.addEventListener("securitypolicyviolation", (e) => found.blocked.push(e.blockedURI));
  const until = (test, ms) => new Promise((resolve) => {
    const start = Date.now();
    const tick = () => (test() || Date.now() - start > ms ? resolve(test()) : setTimeout(tick, 50));
    tick();
  });
  const report = () => {
    const pre = document.createElement("pre");
    pre.id = "found";
    pre.textContent = JSON.stringify(found);
    document.body.append(pre);
  };
  window.addEventListener("load", async () => {
    try {
      await until(() => document.body.dataset.drawn, 30000);
      found.drawn = document.body.dataset.drawn || null;
      found.table_rows = document.querySelectorAll("#table tbody tr").length;
      found.marks = {};
      for (const chart of document.querySelectorAll(".chart")) {
        found.marks[chart.id] = chart.querySelectorAll("svg .role-mark path, svg .role-mark line").length;
      }
      const bars = [...document.querySelectorAll("#waterfall-chart svg .mark-rect path")]
        .filter((p) => p.__data__ && p.__data__.datum);
      const bar = bars[Math.floor(bars.length / 2)];
      if (bar) {
        const datum = bar.__data__.datum;
        found.hovered = { id: datum.id, start: datum.start, end: datum.end };
        const box = bar.getBoundingClientRect();
        const at = { bubbles: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
        bar.dispatchEvent(new PointerEvent("pointerover", at));
        bar.dispatchEvent(new PointerEvent("pointermove", at));
        bar.dispatchEvent(new MouseEvent("mousemove", at));
      }
      const tip = () => document.getElementById("vg-tooltip-element");
      await until(() => tip() && tip().classList.contains("visible"), 5000);
      found.tooltip = tip() && tip().classList.contains("visible") ? tip().innerText : null;
      found.requests = performance.getEntriesByType("resource").map((e) => e.name);
    } catch (err) {
      found.errors.push(`check: ${err}`);
    }
    report();
  });
})();
