// Events per day, stacked by event type, with a brush to pick a date range. The server aggregates
// (one row per day and type), so the browser draws at most a few thousand bars whatever the store size.
import { axisBottom, axisLeft } from "d3-axis";
import { brushX } from "d3-brush";
import { scaleLinear, scaleUtc } from "d3-scale";
import { pointer, select } from "d3-selection";
import { typeColor } from "./colors.js";

const DAY = 86400000;
const parseDay = (s) => new Date(`${s}T00:00:00Z`);
const isoDay = (d) => d.toISOString().slice(0, 10);

export function createTimeline(svgElement, { onBrush, onHover = () => {} }) {
  const svg = select(svgElement);
  const margin = { top: 6, right: 12, bottom: 20, left: 36 };
  let x = null;
  let range = null; // [from, to] ISO days, inclusive
  let silent = false;
  let byDay = new Map();
  let types = [];
  const brush = brushX().on("end", (event) => {
    if (silent || !event.sourceEvent) return;
    if (!event.selection) {
      range = null;
      onBrush(null);
      return;
    }
    const [a, b] = event.selection.map((px) => x.invert(px));
    const from = new Date(Math.floor(a.getTime() / DAY) * DAY);
    const to = new Date(Math.max(from.getTime(), Math.ceil(b.getTime() / DAY) * DAY - DAY));
    range = [isoDay(from), isoDay(to)];
    onBrush(range);
  });

  function render(data) {
    const width = svgElement.clientWidth || 800;
    const height = svgElement.clientHeight || 130;
    svg.attr("viewBox", `0 0 ${width} ${height}`);
    svg.selectAll("*").remove();
    const innerW = width - margin.left - margin.right;
    const innerH = height - margin.top - margin.bottom;
    const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
    if (!data.days.length) {
      g.append("text").attr("x", innerW / 2).attr("y", innerH / 2).attr("text-anchor", "middle")
        .attr("class", "empty").text("No dated events match the filters");
      x = null;
      return;
    }
    let first = parseDay(data.days[0]);
    let last = new Date(parseDay(data.days[data.days.length - 1]).getTime() + DAY);
    const MIN_SPAN = 14 * DAY; // a few days of data still read as days, not hours
    if (last - first < MIN_SPAN) {
      const pad = Math.ceil((MIN_SPAN - (last - first)) / 2 / DAY) * DAY;
      first = new Date(first.getTime() - pad);
      last = new Date(last.getTime() + pad);
    }
    x = scaleUtc().domain([first, last]).range([0, innerW]);
    const totals = data.counts.map((row) => row.reduce((s, n) => s + n, 0));
    const y = scaleLinear().domain([0, Math.max(1, ...totals)]).nice().range([innerH, 0]);
    const barW = Math.max(2, innerW / ((last - first) / DAY) - 0.5);

    // One <path> per type (not one <rect> per day and type): a few years of days stay cheap to draw.
    const paths = data.types.map(() => []);
    const stackTop = new Array(data.days.length).fill(0);
    data.days.forEach((day, i) => {
      const x0 = x(parseDay(day)).toFixed(1);
      data.counts[i].forEach((n, t) => {
        if (!n) return;
        const y1 = y(stackTop[i] + n);
        const h = Math.max(0.5, y(stackTop[i]) - y1);
        paths[t].push(`M${x0},${y1.toFixed(1)}h${barW.toFixed(1)}v${h.toFixed(1)}h${(-barW).toFixed(1)}Z`);
        stackTop[i] += n;
      });
    });
    g.append("g").attr("class", "bars").selectAll("path").data(data.types).join("path")
      .attr("d", (_t, i) => paths[i].join("") || "M0,0")
      .attr("fill", (t) => typeColor(t))
      .attr("data-type", (t) => t);
    byDay = new Map(data.days.map((d, i) => [d, data.counts[i]]));
    types = data.types;

    g.append("g").attr("class", "axis").attr("transform", `translate(0,${innerH})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(innerW / 90))));
    g.append("g").attr("class", "axis")
      .call(axisLeft(y).ticks(Math.min(3, y.domain()[1])).tickFormat((d) => (Number.isInteger(d) ? String(d) : "")));

    brush.extent([[0, 0], [innerW, innerH]]);
    const gb = g.append("g").attr("class", "brush").call(brush);
    gb.on("mousemove.readout", (event) => {
      const [px] = pointer(event, gb.node());
      const day = isoDay(new Date(Math.floor(x.invert(px).getTime() / DAY) * DAY));
      const row = byDay.get(day);
      const parts = row ? types.map((t, i) => (row[i] ? `${row[i]} ${t}` : "")).filter(Boolean) : [];
      onHover(`${day}: ${parts.length ? parts.join(", ") : "no events"}`);
    }).on("mouseleave.readout", () => onHover(""));
    if (range) {
      silent = true;
      const a = Math.max(0, x(parseDay(range[0])));
      const b = Math.min(innerW, x(new Date(parseDay(range[1]).getTime() + DAY)));
      if (b > a) gb.call(brush.move, [a, b]);
      silent = false;
    }
  }

  function setRange(r) {
    range = r;
  }

  return { render, setRange };
}
