// Upload (drag-and-drop into a new batch), the batch list and a batch's live progress.

import { get, openStream, post, request } from "./api.js";
import { announce, errorBox, h, statusBadge, when } from "./dom.js";

// Per-file results of the last upload into each batch, shown on its page.
const uploadResults = new Map();

// One multipart request per chunk keeps each request under the server's per-request
// limits (INGEST_MAX_BATCH_FILES, INGEST_MAX_BATCH_UPLOAD_BYTES) for any number of files.
const CHUNK_FILES = 50;
const CHUNK_BYTES = 64 * 1024 * 1024;
// Only a hint for the file chooser: the server decides by content, not by name.
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function chunks(files) {
  const out = [];
  let current = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length && (current.length >= CHUNK_FILES || bytes + file.size > CHUNK_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length) out.push(current);
  return out;
}

async function uploadFiles(files, name, status) {
  const list = [...files];
  if (list.length === 0) return;
  const progress = h("p", { "aria-live": "polite" }, `Uploading ${list.length} file(s)…`);
  status.replaceChildren(progress);
  let batch;
  try {
    batch = await post("/v1/batches", name ? { name } : {});
  } catch (err) {
    status.replaceChildren(errorBox(err, "Could not create a batch"));
    return;
  }
  const parts = chunks(list);
  const result = { accepted: 0, rejected: 0, items: [] };
  let sent = 0;
  for (const [index, part] of parts.entries()) {
    const form = new FormData();
    for (const file of part) form.append("files", file, file.name);
    if (index === parts.length - 1) form.append("close", "true");
    try {
      const answer = await request("POST", `/v1/batches/${batch.id}/resumes`, { form });
      result.accepted += answer.accepted;
      result.rejected += answer.rejected;
      result.items.push(...answer.items);
    } catch (err) {
      status.replaceChildren(
        errorBox(err, `Upload stopped after ${sent} of ${list.length} file(s)`),
        h("p", {}, h("a", { href: `#/batches/${batch.id}` }, "Open the batch"),
          " (it stays open for more uploads)."),
      );
      return;
    }
    sent += part.length;
    progress.textContent = `Uploaded ${sent} of ${list.length} file(s)…`;
  }
  uploadResults.set(batch.id, result);
  location.hash = `#/batches/${batch.id}`;
}

function dropZone() {
  const status = h("div", { class: "upload-status" });
  const name = h("input", { id: "batch-name", name: "batch-name", type: "text",
    maxlength: 200, placeholder: "e.g. spring hiring" });
  const input = h("input", { id: "files", type: "file", multiple: true,
    accept: `application/pdf,.pdf,${DOCX_TYPE},.docx`, class: "visually-hidden" });
  input.addEventListener("change", () => {
    uploadFiles(input.files, name.value.trim(), status);
  });
  const zone = h(
    "div",
    { id: "dropzone", class: "dropzone" },
    h("p", { class: "big" }, "Drop resume PDFs or Word (.docx) files here"),
    h("p", {}, "or ", h("button", { type: "button", class: "primary",
      onclick: () => input.click() }, "Choose files…"),
    " — they go into one new batch."),
    input,
  );
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    uploadFiles(event.dataTransfer.files, name.value.trim(), status);
  });
  return h(
    "section",
    { class: "panel", "aria-labelledby": "upload-title" },
    h("h1", { id: "upload-title" }, "Upload resumes"),
    h("div", { class: "field" }, h("label", { for: "batch-name" }, "Batch name (optional)"), name),
    h("label", { for: "files", class: "visually-hidden" }, "Resume files"),
    zone,
    status,
  );
}

function percent(batch) {
  return `${Math.round(batch.percent_done)}%`;
}

function batchTable(items) {
  if (items.length === 0) return h("p", {}, "No batches yet.");
  return h(
    "table",
    { class: "list" },
    h("thead", {}, h("tr", {}, ["Batch", "State", "Done", "Resumes", "Created"].map(
      (t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, items.map((b) => h(
      "tr",
      {},
      h("td", {}, h("a", { href: `#/batches/${b.id}` }, b.name || b.id.slice(0, 12))),
      h("td", {}, b.state),
      h("td", {}, percent(b)),
      h("td", {}, b.total),
      h("td", {}, when(b.created_at)),
    ))),
  );
}

export async function homePage(view) {
  const { items } = await get("/v1/batches?limit=10");
  view.replaceChildren(
    dropZone(),
    h("section", { class: "panel", "aria-labelledby": "recent-title" },
      h("h2", { id: "recent-title" }, "Recent batches"), batchTable(items)),
  );
  return null;
}

export async function batchesPage(view) {
  const { items } = await get("/v1/batches?limit=100");
  view.replaceChildren(
    h("section", { class: "panel" }, h("h1", {}, "Batches"), batchTable(items)),
  );
  return null;
}

function rejectedTable(result) {
  const rejected = result.items.filter((i) => i.error);
  if (rejected.length === 0) return null;
  return h(
    "section",
    { class: "rejected", "aria-labelledby": "rejected-title" },
    h("h2", { id: "rejected-title" }, `${rejected.length} file(s) refused`),
    h("ul", {}, rejected.map((i) => h("li", { class: "error" },
      h("strong", {}, i.filename), " ", h("code", { class: "code" }, i.error.code),
      ` ${i.error.message}`))),
  );
}

function resumeRows(items) {
  if (items.length === 0) return h("p", {}, "No resumes in this batch yet.");
  return h(
    "table",
    { class: "list" },
    h("thead", {}, h("tr", {}, ["File", "Status", "Error", "Updated"].map(
      (t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, items.map((r) => h(
      "tr",
      {},
      h("td", {}, h("a", { href: `#/resumes/${r.id}` }, r.file.filename)),
      h("td", {}, statusBadge(r.status)),
      h("td", {}, r.error ? h("code", { class: "code" }, r.error.code) : ""),
      h("td", {}, when(r.updated_at)),
    ))),
  );
}

export async function batchPage(view, batchId) {
  let batch = await get(`/v1/batches/${encodeURIComponent(batchId)}`);
  const bar = h("progress", { id: "batch-progress", max: 100, value: 0,
    "aria-labelledby": "progress-label" });
  const label = h("span", { id: "progress-label" });
  const live = h("p", { id: "progress-text", class: "progress-text", "aria-live": "polite" });
  const counts = h("dl", { class: "counts" });
  const list = h("div", { id: "batch-resumes" });
  const problem = h("div");
  const cancelButton = h("button", { type: "button", class: "danger", onclick: async () => {
    try {
      await post(`/v1/batches/${batch.id}/cancel`);
      await refresh();
    } catch (err) {
      problem.replaceChildren(errorBox(err, "Cancel failed"));
    }
  } }, "Cancel batch");

  function render() {
    const done = batch.state === "completed";
    bar.value = batch.percent_done;
    label.textContent = `Progress of ${batch.name || "this batch"}`;
    const finished = Object.entries(batch.counts)
      .filter(([s]) => ["completed", "failed", "cancelled"].includes(s))
      .reduce((n, [, c]) => n + c, 0);
    live.textContent = `${finished} of ${batch.total} finished (${percent(batch)})`
      + (done ? " — batch completed" : "");
    counts.replaceChildren(...Object.entries(batch.counts).flatMap(([status, n]) => [
      h("dt", {}, statusBadge(status)), h("dd", {}, n)]));
    if (!done && batch.eta_seconds != null && batch.throughput_per_second) {
      counts.append(h("dt", {}, "rate"), h("dd", {},
        `${batch.throughput_per_second.toFixed(2)}/s, ~${Math.ceil(batch.eta_seconds)} s left`));
    }
    cancelButton.hidden = done;
  }

  async function refreshList() {
    const { items } = await get(`/v1/resumes?batch_id=${encodeURIComponent(batchId)}&limit=200`);
    list.replaceChildren(resumeRows(items));
  }

  async function refresh() {
    batch = await get(`/v1/batches/${encodeURIComponent(batchId)}`);
    render();
    await refreshList();
  }

  const result = uploadResults.get(batchId);
  view.replaceChildren(
    h("section", { class: "panel", "aria-labelledby": "batch-title" },
      h("h1", { id: "batch-title" }, `Batch ${batch.name || batch.id}`),
      h("p", { class: "muted" }, `id ${batch.id} · created ${when(batch.created_at)}`),
      result ? h("p", {}, `${result.accepted} accepted, ${result.rejected} refused.`) : null,
      result ? rejectedTable(result) : null,
      h("div", { class: "progress" }, label, bar), live, counts,
      h("div", { class: "actions" }, cancelButton), problem),
    h("section", { class: "panel", "aria-labelledby": "batch-resumes-title" },
      h("h2", { id: "batch-resumes-title" }, "Resumes"), list),
  );
  render();
  await refreshList();

  let source = null;
  let stopped = false;
  let listTimer = null;
  async function listen() {
    if (stopped || batch.state === "completed") return;
    try {
      source = await openStream(`/v1/batches/${encodeURIComponent(batchId)}/events`);
    } catch (err) {
      problem.replaceChildren(errorBox(err, "Live progress unavailable"));
      return;
    }
    const update = (event) => {
      batch = JSON.parse(event.data);
      render();
      // one list refresh per burst of progress events
      clearTimeout(listTimer);
      listTimer = setTimeout(() => refreshList().catch(() => {}), 300);
    };
    source.addEventListener("progress", update);
    source.addEventListener("completed", (event) => {
      update(event);
      announce(`Batch completed: ${live.textContent}`);
      source.close();
    });
    source.onerror = () => {
      // The server ended the stream or the token expired: reopen with a fresh token.
      source.close();
      if (!stopped && batch.state !== "completed") setTimeout(listen, 2000);
    };
  }
  await listen();
  return () => {
    stopped = true;
    clearTimeout(listTimer);
    if (source) source.close();
  };
}
