// One colour per ACLED event type, shared by the map, the timeline and the legend.
const PALETTE = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#e6b800",
  "Strategic developments": "#1f77b4",
};
const FALLBACK = ["#8c564b", "#e377c2", "#7f7f7f", "#17becf", "#bcbd22"];

export function typeColor(type) {
  if (PALETTE[type]) return PALETTE[type];
  let h = 0;
  for (const ch of String(type)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return FALLBACK[h % FALLBACK.length];
}

/** Colours for evidence highlights, by coded field. */
const FIELD_COLORS = {
  event_type: "#ffd6d6", sub_event_type: "#ffd6d6", event_date: "#d6e9ff", actor1: "#e2d6ff",
  actor2: "#f3d6ff", assoc_actor_1: "#e2d6ff", assoc_actor_2: "#f3d6ff", location: "#d6ffd9",
  admin1: "#d6ffd9", admin2: "#d6ffd9", country: "#d6ffd9", fatalities: "#ffe9c2",
  claimed_by: "#fff5b0", claim_status: "#fff5b0",
};
export function fieldColor(field) {
  return FIELD_COLORS[field] || "#e8e8e8";
}
