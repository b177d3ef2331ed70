// The workbench: one filter state drives the map, the timeline and the table together; every view
// asks the server for exactly what it draws (aggregates for the map and timeline, one page of rows).
import "./style.css";
import * as api from "./api.js";
import { typeColor } from "./colors.js";
import { createDetail } from "./detail.js";
import { createMap } from "./map.js";
import { createTable } from "./table.js";
import { createTimeline } from "./timeline.js";

const $ = (sel) => document.querySelector(sel);
const form = $("#filters");
const state = { sort: "event_date", order: "desc", page: 1, pageSize: 50, range: null, selected: null, view: null };
let meta = null;

function filters() {
  const data = new FormData(form);
  const f = {};
  for (const [k, v] of data.entries()) if (String(v).trim() !== "") f[k] = String(v).trim();
  if (state.range) { f.date_from = state.range[0]; f.date_to = state.range[1]; }
  return f;
}

function showError(err) {
  if (err && err.name === "AbortError") return;
  $("#filter-error").textContent = err ? err.message : "";
}

const detail = createDetail($("#detail"), {
  api,
  getToken: () => $("#token").value.trim(),
  onChanged: () => refresh({ keepPage: true }),
  onClose: () => { detail.close(); state.selected = null; markSelected(); },
});

function select(id) {
  state.selected = id;
  markSelected();
  detail.open(id);
}

function markSelected() {
  for (const tr of document.querySelectorAll("#events tbody tr")) tr.classList.toggle("selected", tr.dataset.id === state.selected);
}

const map = createMap($("#map"), {
  onSelect: select,
  onViewChange: (view) => { state.view = view; loadMap().catch(showError); },
});

const timeline = createTimeline($("#timeline"), {
  onHover: (text) => { $("#timeline-hover").textContent = text; },
  onBrush: (range) => {
    state.range = range;
    syncRangeInputs();
    refresh({ timeline: false });
  },
});

const table = createTable($("#events"), {
  onSort: (key) => {
    if (state.sort === key) state.order = state.order === "asc" ? "desc" : "asc";
    else { state.sort = key; state.order = key === "event_date" || key === "fatalities" ? "desc" : "asc"; }
    state.page = 1;
    loadTable().catch(showError);
  },
  onSelect: select,
});

function syncRangeInputs() {
  form.elements.date_from.value = state.range ? state.range[0] : "";
  form.elements.date_to.value = state.range ? state.range[1] : "";
  $("#brush-range").textContent = state.range ? `${state.range[0]} – ${state.range[1]}` : "";
}

let mapCtl = null;
async function loadMap() {
  mapCtl?.abort();
  mapCtl = new AbortController();
  const view = state.view || map.view();
  const data = await api.getJSON("/api/map", { ...filters(), zoom: view.zoom, bbox: view.bbox }, mapCtl.signal);
  map.render(data);
  document.body.dataset.mapMode = data.mode;
  document.body.dataset.mapCount = String(data.total);
}

let tableCtl = null;
async function loadTable() {
  tableCtl?.abort();
  tableCtl = new AbortController();
  const page = await api.getJSON("/api/events", {
    ...filters(), sort: state.sort, order: state.order, page: state.page, page_size: state.pageSize,
  }, tableCtl.signal);
  table.render(page, state.sort, state.order, state.selected);
  const pages = Math.max(1, Math.ceil(page.total / page.page_size));
  $("#page-info").textContent = `page ${page.page} of ${pages}`;
  $("#prev").disabled = page.page <= 1;
  $("#next").disabled = page.page >= pages;
  $("#summary").textContent = meta
    ? `${page.total.toLocaleString()} of ${meta.total.toLocaleString()} events`
    : `${page.total.toLocaleString()} events`;
  document.body.dataset.total = String(page.total);
}

let timelineCtl = null;
let lastTimeline = null;
async function loadTimeline() {
  timelineCtl?.abort();
  timelineCtl = new AbortController();
  const f = filters();
  delete f.date_from;
  delete f.date_to;
  lastTimeline = await api.getJSON("/api/timeline", f, timelineCtl.signal);
  timeline.render(lastTimeline);
}

function updateExports() {
  const qs = api.toQuery(filters());
  $("#export-csv").href = `/api/export/acled.csv${qs ? `?${qs}` : ""}`;
  $("#export-geojson").href = `/api/export/events.geojson${qs ? `?${qs}` : ""}`;
}

async function refresh({ timeline: withTimeline = true, keepPage = false } = {}) {
  if (!keepPage) state.page = 1;
  showError(null);
  updateExports();
  const jobs = [loadMap(), loadTable()];
  if (withTimeline) jobs.push(loadTimeline());
  const results = await Promise.allSettled(jobs);
  for (const r of results) if (r.status === "rejected") showError(r.reason);
}

function fillSelect(select, values) {
  for (const v of values) select.append(new Option(v, v));
}

function fillSubTypes() {
  const sel = form.elements.sub_event_type;
  const type = form.elements.event_type.value;
  const keep = sel.value;
  sel.replaceChildren(new Option("any", ""));
  const types = type ? [type] : Object.keys(meta.event_types);
  for (const t of types) fillSelect(sel, meta.event_types[t]);
  sel.value = [...sel.options].some((o) => o.value === keep) ? keep : "";
}

function legend() {
  const box = $("#legend");
  for (const t of Object.keys(meta.event_types)) {
    const dot = document.createElement("span");
    dot.className = "dot";
    dot.style.background = typeColor(t);
    const row = document.createElement("div");
    row.append(dot, document.createTextNode(t));
    box.append(row);
  }
}

let suggestTimer = null;
function suggest(field, input, list) {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    try {
      const res = await api.getJSON("/api/suggest", { field, q: input.value.trim(), limit: 20 });
      list.replaceChildren(...res.values.map((v) => new Option(v, v)));
    } catch { /* suggestions are a convenience */ }
  }, 200);
}

async function init() {
  // The views load in parallel with the metadata (the filters start empty either way).
  const metaPromise = api.getJSON("/api/meta");
  const firstLoad = refresh();
  meta = await metaPromise;
  fillSelect(form.elements.event_type, Object.keys(meta.event_types));
  fillSubTypes();
  fillSelect(form.elements.country, meta.countries);
  legend();
  $("#token").value = sessionStorage.getItem("frontwire-token") || "";
  $("#token").addEventListener("change", (e) => sessionStorage.setItem("frontwire-token", e.target.value.trim()));

  let typing = null;
  form.addEventListener("input", (e) => {
    if (e.target.name === "event_type") fillSubTypes();
    if (e.target.name === "date_from" || e.target.name === "date_to") {
      const a = form.elements.date_from.value;
      const b = form.elements.date_to.value;
      state.range = a || b ? [a || meta.date_min || a, b || meta.date_max || b] : null;
      timeline.setRange(state.range && state.range[0] && state.range[1] ? state.range : null);
      $("#brush-range").textContent = state.range ? `${state.range[0]} – ${state.range[1]}` : "";
    }
    if (e.target.name === "actor") suggest("actor", e.target, $("#actor-list"));
    if (e.target.name === "admin1") suggest("admin1", e.target, $("#admin1-list"));
    clearTimeout(typing);
    const dateChange = e.target.name === "date_from" || e.target.name === "date_to";
    typing = setTimeout(() => refresh({ timeline: !dateChange }).then(() => dateChange && loadTimeline()).catch(showError), e.target.type === "search" ? 300 : 0);
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => {
      state.range = null;
      timeline.setRange(null);
      syncRangeInputs();
      fillSubTypes();
      refresh();
    }, 0);
  });
  $("#clear-brush").addEventListener("click", () => { state.range = null; timeline.setRange(null); syncRangeInputs(); refresh(); });
  $("#prev").addEventListener("click", () => { state.page -= 1; loadTable().catch(showError); });
  $("#next").addEventListener("click", () => { state.page += 1; loadTable().catch(showError); });
  $("#page-size").addEventListener("change", (e) => { state.pageSize = Number(e.target.value); state.page = 1; loadTable().catch(showError); });
  let lastWidth = $("#timeline").clientWidth;
  new ResizeObserver(() => {
    const w = $("#timeline").clientWidth;
    if (w !== lastWidth && lastTimeline) { lastWidth = w; timeline.render(lastTimeline); }
  }).observe($("#timeline"));
  await firstLoad;
  document.body.dataset.ready = "1";
}

init().catch((err) => {
  showError(err);
  document.body.dataset.ready = "error";
});
