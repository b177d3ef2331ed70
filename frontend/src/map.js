// The map: an offline basemap (Natural Earth country outlines from the world-atlas npm package,
// no tile server) with events as markers, clustered in the browser when the server sends points and
// drawn as server-side grid cells when the filter matches too many events to ship one by one.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster";
import "leaflet.markercluster/dist/MarkerCluster.css";
import { feature } from "topojson-client";
import countries110m from "world-atlas/countries-110m.json";
import { typeColor } from "./colors.js";

export function createMap(element, { onSelect, onViewChange }) {
  const map = L.map(element, {
    preferCanvas: false,
    worldCopyJump: false,
    minZoom: 1,
    maxZoom: 14,
    zoomSnap: 1,
    attributionControl: true,
  });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth (world-atlas)");
  map.setView([20, 20], 2);

  // Coarse outlines (100 kB) load with the page; the 1:50m ones (750 kB) are fetched from the
  // same server, as a separate chunk, the first time the user zooms in.
  const outlineStyle = { color: "#8a8f98", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 };
  const renderer = L.canvas({ padding: 0.5 });
  const drawOutlines = (topo) =>
    L.geoJSON(feature(topo, topo.objects.countries), { renderer, interactive: false, style: outlineStyle });
  let basemap = drawOutlines(countries110m).addTo(map);
  let detailed = false;
  map.on("zoomend", async () => {
    if (detailed || map.getZoom() < 4) return;
    detailed = true;
    const { default: countries50m } = await import("world-atlas/countries-50m.json");
    const finer = drawOutlines(countries50m).addTo(map);
    finer.bringToBack();
    map.removeLayer(basemap);
    basemap = finer;
  });

  const clusters = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    iconCreateFunction: clusterIcon,
  });
  const cells = L.layerGroup();
  clusters.addTo(map);
  cells.addTo(map);

  let types = [];
  let fitted = false;

  function render(data) {
    types = data.types || types;
    clusters.clearLayers();
    cells.clearLayers();
    if (data.mode === "points") {
      const markers = [];
      for (let i = 0; i < data.ids.length; i++) {
        const type = types[data.type[i]];
        const marker = L.circleMarker([data.lat[i], data.lon[i]], {
          radius: 6, weight: 1, color: "#222", fillColor: typeColor(type), fillOpacity: 0.9,
        });
        marker.eventType = type;
        marker.eventId = data.ids[i];
        marker.bindTooltip(() => tooltip(type, data.label ? data.label[i] : ""));
        marker.on("click", () => onSelect(data.ids[i]));
        markers.push(marker);
      }
      clusters.addLayers(markers);
    } else {
      for (const [lat, lon, count, typeIndex] of data.cells) {
        const icon = L.divIcon({ html: bubble(count, types[typeIndex]), className: "fw-cell", iconSize: null });
        const marker = L.marker([lat, lon], { icon, keyboard: false });
        marker.on("click", () => map.setView([lat, lon], Math.min(map.getZoom() + 2, map.getMaxZoom())));
        cells.addLayer(marker);
      }
    }
    if (!fitted && data.bounds) {
      fitted = true;
      const [[s, w], [n, e]] = data.bounds;
      map.fitBounds([[s, w], [n, e]], { padding: [30, 30], maxZoom: 9 });
    }
  }

  function view() {
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    return {
      zoom: map.getZoom(),
      bbox: [
        clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
        clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90),
      ].map((v) => v.toFixed(4)).join(","),
    };
  }

  new ResizeObserver(() => map.invalidateSize({ debounceMoveend: true })).observe(element);

  let timer = null;
  map.on("moveend", () => {
    clearTimeout(timer);
    timer = setTimeout(() => onViewChange(view()), 150);
  });

  return { map, render, view, resetFit: () => { fitted = false; } };
}

function tooltip(type, label) {
  const el = document.createElement("div");
  const strong = document.createElement("strong");
  strong.textContent = type;
  el.append(strong);
  if (label) el.append(document.createElement("br"), document.createTextNode(label));
  return el;
}

function bubble(count, type) {
  const el = document.createElement("div");
  el.className = "fw-bubble";
  const size = Math.round(22 + 8 * Math.log10(Math.max(1, count)));
  el.style.width = el.style.height = `${size}px`;
  el.style.lineHeight = `${size}px`;
  el.style.background = typeColor(type);
  el.textContent = count >= 1000 ? `${(count / 1000).toFixed(count >= 10000 ? 0 : 1)}k` : String(count);
  el.title = `${count} events, mostly ${type}`;
  return el;
}

/** A cluster is coloured by the most frequent event type among its markers. */
function clusterIcon(cluster) {
  const counts = new Map();
  for (const m of cluster.getAllChildMarkers()) counts.set(m.eventType, (counts.get(m.eventType) || 0) + 1);
  let best = null;
  let bestN = -1;
  for (const [t, n] of counts) if (n > bestN) { best = t; bestN = n; }
  return L.divIcon({ html: bubble(cluster.getChildCount(), best), className: "fw-cell", iconSize: null });
}
