// Tiny DOM helpers: text is always set as text, never parsed as HTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function errorBox(err, context) {
  const code = err && err.code ? err.code : "error";
  const message = err && err.message ? err.message : String(err);
  return h(
    "div",
    { class: "error", role: "alert" },
    context ? `${context}: ` : "",
    h("code", { class: "code" }, code),
    ` ${message}`,
  );
}

export function announce(text) {
  const region = document.getElementById("announce");
  if (region) region.textContent = text;
}

export function statusBadge(status) {
  return h("span", { class: `badge status-${status}` }, status);
}

export function when(value) {
  return value ? new Date(value).toLocaleString() : "";
}

export const STATUSES = [
  "queued", "parsing", "parsed", "enhancing", "enhanced", "completed", "failed", "cancelled",
];

export const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export const PIPELINE_ERRORS = [
  "pdf_corrupt", "pdf_encrypted", "pdf_no_text", "needs_ocr", "too_many_pages",
  "parse_timeout", "parse_resource_limit", "not_a_resume", "file_missing", "conversion_failed",
  "llm_unavailable", "llm_rate_limited", "llm_invalid_output", "llm_refused",
  "retries_exhausted", "max_deliveries_exceeded", "stalled", "internal_error",
];
