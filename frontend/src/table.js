// The sortable, paginated event table. Sorting and paging happen on the server (the store may hold
// 100,000 events); the table only draws the page it is given. Cells are text nodes, never HTML.
import { typeColor } from "./colors.js";

export const COLUMNS = [
  ["event_date", "Date"],
  ["event_type", "Type"],
  ["sub_event_type", "Sub-event"],
  ["actor1", "Actor 1"],
  ["actor2", "Actor 2"],
  ["location", "Location"],
  ["admin1", "Admin1"],
  ["country", "Country"],
  ["fatalities", "Fatal."],
  ["claim_status", "Claim"],
  ["review_status", "Review"],
];

export function createTable(table, { onSort, onSelect }) {
  const thead = table.querySelector("thead");
  const tbody = table.querySelector("tbody");

  function renderHead(sort, order) {
    const tr = document.createElement("tr");
    for (const [key, label] of COLUMNS) {
      const th = document.createElement("th");
      th.scope = "col";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.dataset.key = key;
      button.textContent = label + (sort === key ? (order === "asc" ? " ▲" : " ▼") : "");
      th.setAttribute("aria-sort", sort === key ? (order === "asc" ? "ascending" : "descending") : "none");
      button.addEventListener("click", () => onSort(key));
      th.append(button);
      tr.append(th);
    }
    thead.replaceChildren(tr);
  }

  function render(page, sort, order, selectedId) {
    renderHead(sort, order);
    const rows = page.items.map((ev) => {
      const tr = document.createElement("tr");
      tr.dataset.id = ev.event_id;
      tr.tabIndex = 0;
      if (ev.event_id === selectedId) tr.classList.add("selected");
      if (ev.review_status === "rejected") tr.classList.add("rejected");
      for (const [key] of COLUMNS) {
        const td = document.createElement("td");
        const value = ev[key];
        if (key === "event_type") {
          const dot = document.createElement("span");
          dot.className = "dot";
          dot.style.background = typeColor(value);
          td.append(dot);
        }
        let text = value === null || value === undefined ? "" : String(value);
        if (key === "review_status" && ev.edited) text += " (edited)";
        td.append(document.createTextNode(text));
        if (key === "fatalities") td.className = "num";
        tr.append(td);
      }
      tr.addEventListener("click", () => onSelect(ev.event_id));
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") onSelect(ev.event_id); });
      return tr;
    });
    if (!rows.length) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = COLUMNS.length;
      td.className = "empty";
      td.textContent = "No events match the filters.";
      tr.append(td);
      rows.push(tr);
    }
    tbody.replaceChildren(...rows);
  }

  return { render };
}
