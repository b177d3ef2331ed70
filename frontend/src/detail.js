// Event detail: coded fields, source documents with evidence spans highlighted and labelled by
// field, competing claims, fused reports, the review form and the audit log. Document text is
// untrusted: it is only ever inserted as text nodes, never as HTML.
import { fieldColor, typeColor } from "./colors.js";

const SHOWN_FIELDS = [
  "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
  "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country", "iso3", "admin1", "admin2",
  "location", "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high",
  "claimed_by", "claim_status", "source", "notes", "confidence", "review_status",
];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const show = (v) => (v === null || v === undefined ? "" : String(v));

/**
 * Split `text` at every evidence boundary and wrap covered stretches in <mark>, labelled with the
 * fields whose evidence covers them. Overlapping spans are handled by cutting at all boundaries.
 */
export function highlight(text, spans) {
  const valid = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end)
    && s.start >= 0 && s.end <= text.length && s.end > s.start);
  const cuts = new Set([0, text.length]);
  for (const s of valid) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    const piece = text.slice(a, b);
    const covering = valid.filter((s) => s.start <= a && s.end >= b);
    if (!covering.length) { frag.append(document.createTextNode(piece)); continue; }
    const fields = [...new Set(covering.map((s) => s.field))];
    const mark = el("mark", { class: "evidence", "data-fields": fields.join(" ") });
    mark.title = covering.map((s) => `${s.field} (${s.rule || "rule?"})`).join("\n");
    mark.style.background = fieldColor(fields[0]);
    for (const s of covering) if (s.start === a) mark.append(el("sup", { class: "ev-label", text: s.field }));
    mark.append(document.createTextNode(piece));
    frag.append(mark);
  }
  return frag;
}

function safeHref(url) {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

export function createDetail(container, { api, getToken, onChanged, onClose }) {
  const body = container.querySelector("#detail-body");
  container.querySelector("#close-detail").addEventListener("click", onClose);
  let current = null;

  async function open(id) {
    container.hidden = false;
    body.replaceChildren(el("p", { class: "muted", text: "Loading…" }));
    try {
      current = await api.getJSON(`/api/events/${encodeURIComponent(id)}`);
      render();
    } catch (err) {
      body.replaceChildren(el("p", { class: "error", role: "alert", text: err.message }));
    }
  }

  function render() {
    const d = current;
    const ev = d.event;
    const parts = [];
    const badge = el("span", { class: "badge", text: ev.event_type });
    badge.style.background = typeColor(ev.event_type);
    parts.push(el("h2", {}, badge, " ", show(ev.sub_event_type)));
    parts.push(el("p", { class: "muted" }, `${show(ev.event_date)} · ${show(ev.location)} · ${show(ev.admin1)} · ${show(ev.country)}`));

    const dl = el("dl", { class: "fields" });
    const evidenceFields = new Set(d.evidence.map((e) => e.field));
    for (const f of SHOWN_FIELDS) {
      if (!(f in ev)) continue;
      const dt = el("dt", { text: f });
      if (evidenceFields.has(f)) { dt.classList.add("has-evidence"); dt.style.background = fieldColor(f); }
      const original = d.original && d.original[f];
      const dd = el("dd", { text: show(ev[f]) });
      if (d.original && f in d.original && show(original) !== show(ev[f])) dd.append(el("span", { class: "was", text: ` (was ${show(original)})` }));
      dl.append(dt, dd);
    }
    parts.push(el("section", { class: "block" }, el("h3", { text: "Coded fields" }), dl));

    parts.push(reviewSection(d));

    const claims = el("section", { class: "block claims" }, el("h3", { text: `Claims (${d.claims.length})` }));
    if (!d.claims.length) claims.append(el("p", { class: "muted", text: "No competing claims or attributions." }));
    else {
      const t = el("table", { class: "mini" }, el("thead", {}, el("tr", {}, ...["Who", "Stance", "Field", "Value", "Source"].map((h) => el("th", { text: h })))));
      const tb = el("tbody");
      for (const c of d.claims) {
        tb.append(el("tr", { class: `claim-${c.status}` }, ...[c.claimant, c.status, c.field, c.value, c.source || c.document_id].map((v) => el("td", { text: show(v) }))));
      }
      t.append(tb);
      claims.append(t);
    }
    parts.push(claims);

    const reports = el("section", { class: "block reports" }, el("h3", { text: `Fused reports (${d.reports.length})` }));
    if (d.reports.length) {
      const t = el("table", { class: "mini" }, el("thead", {}, el("tr", {}, ...["Source", "Date", "Type", "Fatalities", "Claim"].map((h) => el("th", { text: h })))));
      const tb = el("tbody");
      for (const r of d.reports) tb.append(el("tr", {}, ...[r.source || r.document_id, r.event_date, r.sub_event_type || r.event_type, r.fatalities, r.claim_status].map((v) => el("td", { text: show(v) }))));
      t.append(tb);
      reports.append(t);
    }
    parts.push(reports);

    const docs = el("section", { class: "block docs" }, el("h3", { text: `Source documents (${d.documents.length})` }));
    for (const doc of d.documents) {
      const head = el("div", { class: "doc-head" });
      head.append(el("strong", { text: doc.title || doc.id }));
      const meta = [doc.source, doc.published].filter(Boolean).join(" · ");
      if (meta) head.append(el("span", { class: "muted", text: ` ${meta}` }));
      const href = doc.url && safeHref(doc.url);
      if (href) head.append(" ", el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank", text: "link" }));
      const spans = d.evidence.filter((e) => e.document_id === doc.id);
      const text = el("div", { class: "doc-text" });
      text.append(highlight(doc.text || "", spans));
      docs.append(el("article", { class: "doc", "data-doc": doc.id }, head, text));
    }
    parts.push(docs);

    const audit = el("section", { class: "block audit" }, el("h3", { text: `Audit log (${d.reviews.length})` }));
    if (d.reviews.length) {
      const t = el("table", { class: "mini" }, el("thead", {}, el("tr", {}, ...["When", "Who", "Action", "Field", "Old", "New"].map((h) => el("th", { text: h })))));
      const tb = el("tbody");
      for (const r of d.reviews) tb.append(el("tr", {}, ...[r.when, r.who, r.action, r.field, r.old, r.new].map((v) => el("td", { text: show(v) }))));
      t.append(tb);
      audit.append(t);
    } else audit.append(el("p", { class: "muted", text: "Not reviewed yet." }));
    parts.push(audit);

    body.replaceChildren(...parts);
  }

  function reviewSection(d) {
    const ev = d.event;
    const section = el("section", { class: "block review" }, el("h3", { text: "Review" }));
    const status = el("p", { class: "review-msg", role: "status" });
    const send = async (payload) => {
      const token = getToken();
      if (!token) { status.textContent = "Enter a token (frontwire token create NAME) to review."; status.className = "review-msg error"; return; }
      try {
        current = await api.postJSON(`/api/events/${encodeURIComponent(ev.event_id)}/review`, payload, token);
        render();
        onChanged(ev.event_id);
      } catch (err) {
        status.textContent = err.message;
        status.className = "review-msg error";
      }
    };
    const accept = el("button", { type: "button", class: "accept", text: "Accept" });
    accept.addEventListener("click", () => send({ action: "accept" }));
    const reject = el("button", { type: "button", class: "reject", text: "Reject" });
    reject.addEventListener("click", () => send({ action: "reject" }));
    section.append(el("div", { class: "row" }, accept, reject));

    const form = el("form", { class: "edit" });
    for (const f of d.editable) {
      const spec = d.field_specs?.[f] || {};
      let input;
      if (spec.options) {
        input = el("select", { name: f });
        for (const o of spec.options) {
          const opt = el("option", { value: o, text: o });
          if (show(ev[f]) === o) opt.selected = true;
          input.append(opt);
        }
      } else {
        input = el("input", { name: f, type: spec.type || "text" });
        if (spec.type === "number") input.step = "any";
        input.value = show(ev[f]);
      }
      form.append(el("label", {}, el("span", { text: f }), input));
    }
    const save = el("button", { type: "submit", text: "Save edits" });
    form.append(save);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const changes = {};
      for (const f of d.editable) {
        const value = form.elements[f].value;
        if (value !== show(ev[f])) changes[f] = value === "" ? null : value;
      }
      if (!Object.keys(changes).length) { status.textContent = "Nothing changed."; status.className = "review-msg muted"; return; }
      send({ action: "edit", changes });
    });
    section.append(el("details", {}, el("summary", { text: "Edit fields" }), form), status);
    return section;
  }

  return { open, close: () => { container.hidden = true; current = null; }, get current() { return current; } };
}
