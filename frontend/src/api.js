// Thin client for the frontwire JSON API: every call returns parsed JSON or throws an Error whose
// message is the server's explanation, so the page can show it instead of failing silently.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Serialise the filter state into a query string, dropping empty values. */
export function toQuery(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => q.append(key, v));
    else q.append(key, String(value));
  }
  return q.toString();
}

async function parse(response) {
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    let detail = body && body.detail;
    if (Array.isArray(detail)) detail = detail.map((d) => d.msg || String(d)).join("; ");
    throw new ApiError(response.status, detail || `${response.status} ${response.statusText}`);
  }
  return body;
}

export async function getJSON(path, params = {}, signal) {
  const qs = toQuery(params);
  const response = await fetch(qs ? `${path}?${qs}` : path, { signal, headers: { Accept: "application/json" } });
  return parse(response);
}

export async function postJSON(path, body, token) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
  return parse(response);
}
