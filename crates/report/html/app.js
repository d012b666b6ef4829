// The page's script: fills the controls, the sortable table and the Vega-Lite charts from the
// data the report embedded (#data). The words around them are in the page's template.
"use strict";
(() => {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  const FIELDS = ["id", "queued", "ideal", "start", "headers", "body", "end", "thread",
    "outcome", "bytes", "delay"];
  const $ = (id) => document.getElementById(id);
  const unique = (values) => [...new Set(values)];
  const byNumber = (a, b) => a - b;
  const state = { sort: null, reverse: false };
  const views = {};
  // Every model in the legend with its whole name: beside the chart in two columns, or below
  // it on a narrow screen, where it would leave the chart no room.
  const LEGEND = window.innerWidth < 700
    ? { orient: "bottom", direction: "vertical", columns: 2, symbolLimit: 0, labelLimit: 170, labelFontSize: 9 }
    : { columns: 2, symbolLimit: 0, labelLimit: 280 };

  function options(select, values, keep) {
    const old = select.value;
    select.replaceChildren(...keep, ...values.map((v) => new Option(v, v)));
    if ([...select.options].some((o) => o.value === old)) select.value = old;
  }

  function chosen() {
    return {
      workload: $("workload").value,
      cpu: $("cpu-work").value,
      level: $("level").value,
      family: $("family").value,
    };
  }

  function rows(ignoreLevel) {
    const c = chosen();
    return DATA.rows.filter((r) => r.workload === c.workload
      && String(r.cpu_work) === c.cpu
      && (!c.family || r.family === c.family)
      && (ignoreLevel || !c.level || String(r.concurrency) === c.level));
  }

  // The legend's models in the catalogue's order, each with its colour.
  function colours(list) {
    const seen = new Map();
    const order = (a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1];
    list.slice().sort(order).forEach((r) => seen.set(r.label, r.colour));
    return { domain: [...seen.keys()], range: [...seen.values()] };
  }

  function embed(id, spec) {
    const el = $(id);
    if (views[id]) views[id].finalize();
    delete views[id];
    return vegaEmbed(el, spec, { actions: false, renderer: "svg" })
      .then((result) => { views[id] = result.view; });
  }

  const ms = (v) => (v === null || v === undefined ? "-" : `${v} ms`);

  // Each point's place across its level's band: the models at that level side by side, in
  // legend order, so that a level few models ran at keeps them by its tick.
  function spread(list) {
    return list.map((r) => {
      const at = list.filter((o) => o.concurrency === r.concurrency);
      return { ...r, offset: (at.indexOf(r) + 0.5) / at.length };
    });
  }

  // A model's median at each level, its interval as a rule through it; a group that lost
  // requests is drawn hollow, so that a run cut short does not pass for a fast one.
  function levelChart(id, all, field, title) {
    const list = spread(all.filter((r) => r.runs > 0 && r[field] > 0));
    if (!list.length) {
      if (views[id]) views[id].finalize();
      delete views[id];
      $(id).replaceChildren();
      return Promise.resolve();
    }
    const scale = colours(list);
    const pick = { name: "pick", select: { type: "point", fields: ["label"] }, bind: "legend" };
    const levels = unique(list.map((r) => r.concurrency)).sort(byNumber);
    const tooltip = [
      { field: "label", title: "model" },
      { field: "concurrency", title: "in flight" },
      { field: "wall", title: "wall ms (median)", format: ".0f" },
      { field: "low", title: "95% interval from", format: ".0f" },
      { field: "high", title: "to", format: ".0f" },
      { field: "rss_mib", title: "peak memory MiB", format: ".1f" },
      { field: "threads", title: "peak threads", format: ".0f" },
      { field: "efficiency", title: "efficiency", format: ".2f" },
      { field: "ok", title: "ok a run" },
      { field: "failed", title: "failed a run" },
      { field: "runs", title: "runs" },
    ];
    const y = { field, type: "quantitative", title, scale: { type: "log", zero: false } };
    return embed(id, {
      width: "container",
      height: 300,
      data: { values: list },
      encoding: {
        x: { field: "concurrency", type: "ordinal", title: "requests in flight", sort: levels, axis: { labelAngle: 0 } },
        xOffset: { field: "offset", type: "quantitative", scale: { domain: [0, 1] } },
        color: { field: "label", type: "nominal", title: "model", scale, legend: LEGEND },
        opacity: { condition: { param: "pick", value: 0.9 }, value: 0.1 },
        tooltip,
      },
      layer: [
        ...(field === "wall" ? [{ mark: "rule", encoding: { y: { field: "low", type: "quantitative", scale: y.scale, title }, y2: { field: "high" } } }] : []),
        { params: [pick], mark: { type: "point", size: 40, strokeWidth: 1.5 },
          encoding: { y,
            fill: { condition: { test: "datum.failed > 0", value: "white" }, field: "label", type: "nominal", scale, legend: null } } },
      ],
    });
  }

  function renderTable() {
    const list = rows(false).slice();
    if (state.sort !== null) {
      const i = state.sort;
      list.sort((a, b) => {
        const x = a.keys[i] ?? a.cells[i];
        const y = b.keys[i] ?? b.cells[i];
        const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return state.reverse ? -order : order;
      });
    }
    const head = document.createElement("tr");
    DATA.headings.forEach((h, i) => {
      const th = document.createElement("th");
      th.textContent = h + (state.sort === i ? (state.reverse ? " ▼" : " ▲") : "");
      th.addEventListener("click", () => {
        state.reverse = state.sort === i ? !state.reverse : false;
        state.sort = i;
        renderTable();
      });
      head.append(th);
    });
    $("table").tHead.replaceChildren(head);
    $("table").tBodies[0].replaceChildren(...list.map((r) => {
      const tr = document.createElement("tr");
      // A group that never ran says why across the figures' columns.
      const failed = r.runs === 0 || r.cells[2].startsWith("FAILED");
      (failed ? r.cells.slice(0, 3) : r.cells).forEach((c, i) => {
        const td = document.createElement("td");
        td.textContent = c;
        if (failed && i === 2) {
          td.colSpan = r.cells.length - 2;
          td.className = "why";
          tr.append(td);
          return;
        }
        if (r.keys[i] !== null) td.className = "number";
        if (i === 0) td.style.borderLeft = `4px solid ${r.colour}`;
        tr.append(td);
      });
      return tr;
    }));
    $("row-count").textContent = `${list.length} of ${DATA.rows.length} groups.`;
  }

  // What a request's time after its body is: its CPU work where the run had some, else the
  // model's own checking and recording.
  const afterBody = (run) => (run.cpu_work > 0 ? "CPU work" : "after the body");

  // Each request's stretches: waiting for a slot, for the headers, reading the body, after it;
  // a failed one is one stretch to its end.
  function stretches(run) {
    const out = [];
    run.records.forEach((values, order) => {
      const r = Object.fromEntries(FIELDS.map((f, i) => [f, values[i]]));
      r.order = order + 1;
      // What the results file does not say is shown as "-".
      const shown = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? "-"]));
      const add = (phase, from, to) => {
        if (from !== null && to !== null && to >= from) out.push({ ...shown, phase, from, to });
      };
      add("waiting for a slot", r.queued, r.start);
      if (r.outcome !== "ok") {
        add("failed", r.start, r.end);
        return;
      }
      add("waiting for headers", r.start, r.headers ?? r.end);
      add("reading the body", r.headers, r.body);
      add(afterBody(run), r.body, r.end);
    });
    return out;
  }

  function requestChart(id, run, y) {
    const values = stretches(run);
    const tooltip = [
      { field: "id", title: "request" },
      { field: "phase", title: "this stretch" },
      { field: "queued", title: "taken up, ms" },
      { field: "ideal", title: "ideal start, ms" },
      { field: "start", title: "start, ms" },
      { field: "headers", title: "headers, ms" },
      { field: "end", title: "end, ms" },
      { field: "bytes", title: "bytes" },
      { field: "delay", title: "server delay, ms" },
      { field: "thread", title: "thread" },
      { field: "outcome", title: "outcome" },
    ];
    const count = unique(values.map((v) => v[y.field])).length;
    return embed(id, {
      width: "container",
      height: Math.min(520, Math.max(160, count * 6)),
      data: { values },
      encoding: { y: { ...y, type: "ordinal", axis: { labels: count <= 40, ticks: count <= 40 } }, tooltip },
      layer: [
        {
          params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
          mark: { type: "bar", opacity: y.field === "thread" ? 0.5 : 1 },
          encoding: {
            x: { field: "from", type: "quantitative", title: "ms from the model's start" },
            x2: { field: "to" },
            color: { field: "phase", type: "nominal", title: "stretch",
              scale: { domain: ["waiting for a slot", "waiting for headers", "reading the body", afterBody(run), "failed"],
                range: ["#c7c7c7", "#4c78a8", "#72b7b2", "#f58518", "#d62728"] } },
          },
        },
        ...(y.field === "order" && values.some((v) => typeof v.ideal === "number") ? [{
          transform: [{ filter: "isNumber(datum.ideal) && datum.phase !== 'waiting for a slot'" }],
          mark: { type: "tick", color: "#222", thickness: 1 },
          encoding: { x: { field: "ideal", type: "quantitative" } },
        }] : []),
      ],
    });
  }

  // The runs of the choice, as indexes into DATA.waterfalls, so that a run stays chosen while
  // it is among them.
  function runs() {
    const c = chosen();
    const order = (a, b) => a.concurrency - b.concurrency || a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1];
    return DATA.waterfalls.map((w, i) => ({ ...w, index: String(i) })).sort(order).filter((w) => w.workload === c.workload
      && String(w.cpu_work) === c.cpu
      && (!c.family || w.family === c.family)
      && (!c.level || String(w.concurrency) === c.level));
  }

  function renderRuns() {
    const list = runs();
    const select = $("run");
    const old = select.value;
    select.replaceChildren(...list.map((w) => new Option(`${w.label} at ${w.concurrency}`, w.index)));
    // A run that keeps more than one request in flight shows more than a staircase; one that
    // lost none shows whole requests.
    const busy = list.find((w) => w.concurrency > 1 && w.failed === 0)
      || list.find((w) => w.concurrency > 1);
    if (list.some((w) => w.index === old)) select.value = old;
    else if (busy) select.value = busy.index;
    return renderRun();
  }

  function renderRun() {
    const run = runs().find((w) => w.index === $("run").value);
    if (!run) {
      $("run-note").textContent = "No run of this choice kept its requests.";
      $("waterfall-chart").replaceChildren();
      $("lanes-chart").replaceChildren();
      return Promise.resolve();
    }
    const kept = run.every > 1
      ? `one in ${run.every} of the ${run.kept} requests the results file kept, by start`
      : `the ${run.kept} requests the results file kept`;
    $("run-note").textContent = `${run.label} on ${run.workload} at ${run.concurrency} in flight: `
      + `${run.requests} requests in ${ms(run.wall)}; drawn: ${kept}.`;
    return Promise.all([
      requestChart("waterfall-chart", run, { field: "order", title: "requests, in order of start" }),
      requestChart("lanes-chart", run, { field: "thread", title: "thread" }),
    ]);
  }

  function renderGil() {
    const gil = document.querySelector("#gil-switch input:checked").value;
    const family = `free-threaded, GIL ${gil}`;
    const pick = (r) => r.family === family || r.family === "Python";
    // The levels the free-threaded threads ran at, and stock CPython's runs at those levels.
    const work = DATA.rows.filter((r) => r.workload === "cpu" && r.cpu_work === DATA.gil_work
      && /^py-(threads|processes)/.test(r.model));
    const levels = work.filter((r) => r.family === family).map((r) => r.concurrency);
    const cpu = work.filter((r) => pick(r) && levels.includes(r.concurrency));
    const loops = DATA.rows.filter((r) => r.workload === "loops" && pick(r) && /^py-asyncio/.test(r.model));
    const none = !DATA.rows.some((r) => r.family.startsWith("free-threaded"));
    $("gil-empty").hidden = !none;
    return Promise.all([
      levelChart("gil-chart", cpu, "wall", "wall ms, median (log)"),
      loopsChart(loops),
    ]);
  }

  function loopsChart(list) {
    const scale = colours(list);
    return embed("loops-chart", {
      width: "container",
      height: 260,
      data: { values: list },
      encoding: {
        x: { field: "cpu_work", type: "ordinal", title: "units of CPU work a page", axis: { labelAngle: 0 } },
        xOffset: { field: "label" },
        tooltip: [
          { field: "label", title: "model" },
          { field: "wall", title: "wall ms (median)", format: ".0f" },
          { field: "low", title: "95% interval from", format: ".0f" },
          { field: "high", title: "to", format: ".0f" },
          { field: "efficiency", title: "efficiency", format: ".2f" },
          { field: "runs", title: "runs" },
        ],
      },
      layer: [
        { mark: "bar", encoding: { y: { field: "wall", type: "quantitative", title: "wall ms, median" },
          color: { field: "label", type: "nominal", title: "model", scale, legend: LEGEND } } },
        { mark: { type: "rule", color: "#222" }, encoding: { y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
      ],
    });
  }

  function renderAll() {
    const list = rows(true);
    $("choice-empty").hidden = list.length > 0;
    options($("level"), unique(list.map((r) => r.concurrency)).sort(byNumber).map(String),
      [new Option("every level", "")]);
    renderTable();
    return Promise.all([
      levelChart("wall-chart", list, "wall", "wall ms, median (log)"),
      levelChart("memory-chart", list, "rss_mib", "peak resident MiB, median (log)"),
      renderRuns(),
    ]);
  }

  function chooseWorkload() {
    const w = $("workload").value;
    options($("cpu-work"), unique(DATA.rows.filter((r) => r.workload === w).map((r) => r.cpu_work))
      .sort(byNumber).map(String), []);
    return renderAll();
  }

  const workloads = unique(DATA.rows.map((r) => r.workload));
  options($("workload"), workloads, []);
  if (workloads.includes("quick")) $("workload").value = "quick";
  $("workload").addEventListener("change", chooseWorkload);
  ["cpu-work", "family"].forEach((id) => $(id).addEventListener("change", renderAll));
  $("level").addEventListener("change", () => { renderTable(); renderRuns(); });
  $("run").addEventListener("change", renderRun);
  document.querySelectorAll("#gil-switch input").forEach((i) => i.addEventListener("change", renderGil));
  Promise.all([chooseWorkload(), renderGil()])
    .then(() => { document.body.dataset.drawn = "yes"; })
    .catch((err) => { document.body.dataset.drawn = `failed: ${err}`; throw err; });
})();
