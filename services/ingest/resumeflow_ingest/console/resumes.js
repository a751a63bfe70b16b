// The resume list (status and error-code filters) and a resume next to its pages.

import { get, openStream, pageImage, post, request } from "./api.js";
import {
  announce, errorBox, h, PIPELINE_ERRORS, STATUSES, statusBadge, TERMINAL, when,
} from "./dom.js";

const IMAGE_SCALE = 1.5; // pixels per PDF point fetched; the page is drawn to fit its column

export async function resumesPage(view, params) {
  const status = params.get("status") || "";
  const errorCode = params.get("error_code") || "";
  const query = new URLSearchParams({ limit: "200" });
  if (status) query.set("status", status);
  if (errorCode) query.set("error_code", errorCode);
  const { items } = await get(`/v1/resumes?${query}`);

  const statusSelect = h("select", { id: "filter-status", name: "status" },
    h("option", { value: "" }, "any"),
    STATUSES.map((s) => h("option", { value: s, selected: s === status }, s)));
  const codeSelect = h("select", { id: "filter-error", name: "error_code" },
    h("option", { value: "" }, "any"),
    PIPELINE_ERRORS.map((c) => h("option", { value: c, selected: c === errorCode }, c)));
  const form = h("form", { class: "filters", onsubmit: (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (statusSelect.value) next.set("status", statusSelect.value);
    if (codeSelect.value) next.set("error_code", codeSelect.value);
    location.hash = `#/resumes?${next}`;
  } },
  h("div", { class: "field" }, h("label", { for: "filter-status" }, "Status"), statusSelect),
  h("div", { class: "field" }, h("label", { for: "filter-error" }, "Error code"), codeSelect),
  h("button", { type: "submit" }, "Filter"));

  const table = items.length === 0 ? h("p", { id: "resume-list" }, "No resumes match.") : h(
    "table",
    { class: "list", id: "resume-list" },
    h("thead", {}, h("tr", {}, ["File", "Status", "Error", "Batch", "Created"].map(
      (t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, items.map((r) => h(
      "tr",
      {},
      h("td", {}, h("a", { href: `#/resumes/${r.id}` }, r.file.filename)),
      h("td", {}, statusBadge(r.status)),
      h("td", {}, r.error ? h("code", { class: "code" }, r.error.code) : ""),
      h("td", {}, r.batch_id ? h("a", { href: `#/batches/${r.batch_id}` },
        r.batch_id.slice(0, 8)) : ""),
      h("td", {}, when(r.created_at)),
    ))),
  );
  view.replaceChildren(h("section", { class: "panel" }, h("h1", {}, "Resumes"), form, table));
  return null;
}

// --- one resume ------------------------------------------------------------------

function dates(entry) {
  const end = entry.is_current ? "present" : entry.end;
  return [entry.start, end].filter(Boolean).join(" – ");
}

/** The box a field of an entry was read from; the entry's header box if it has none. */
function own(entry, field) {
  return (entry.sources && entry.sources[field]) || entry.source;
}

/** The profile as groups of clickable fields, each with its provenance (or none). */
function fieldGroups(profile) {
  const groups = [];
  const contact = [];
  if (profile.name) contact.push({ label: "Name", value: profile.name.value, source: profile.name.source });
  for (const e of profile.emails) contact.push({ label: "Email", value: e.value, source: e.source });
  for (const p of profile.phones) contact.push({ label: "Phone", value: p.value, source: p.source });
  if (profile.location) {
    contact.push({ label: "Location", value: profile.location.value, source: profile.location.source });
  }
  for (const l of profile.links) contact.push({ label: l.kind, value: l.url, source: l.source });
  groups.push({ title: "Contact", fields: contact });
  groups.push({
    title: "Experience",
    entries: profile.experience.map((job) => [
      { label: "Employer", value: job.employer, source: own(job, "employer") },
      { label: "Title", value: job.title, source: own(job, "title") },
      { label: "Dates", value: dates(job), source: own(job, "dates") },
    ].filter((f) => f.value)),
  });
  groups.push({
    title: "Education",
    entries: profile.education.map((school) => [
      { label: "School", value: school.institution, source: own(school, "institution") },
      { label: "Degree", value: [school.degree, school.field].filter(Boolean).join(", "),
        source: own(school, "degree") },
      { label: "Dates", value: dates(school), source: own(school, "dates") },
    ].filter((f) => f.value)),
  });
  groups.push({
    title: "Skills",
    fields: profile.skills.map((s) => ({ label: "Skill", value: s.name, source: s.source })),
    inline: true,
  });
  return groups;
}

function pagesPanel(resume, parse) {
  const panel = h("div", { class: "pages", id: "pages", tabindex: "0",
    "aria-label": "Document pages" });
  const frames = new Map();
  for (const page of parse.pages) {
    const img = h("img", { class: "page-image", alt: `Page ${page.number} of ${resume.file.filename}`,
      "data-page": page.number });
    const overlay = h("div", { class: "highlight", hidden: true, "aria-hidden": "true" });
    const frame = h("div", { class: "page-frame", "data-page": page.number }, img, overlay);
    frames.set(page.number, { frame, img, overlay, page });
    panel.append(frame);
    pageImage(resume.id, page.number, IMAGE_SCALE)
      .then((url) => { img.src = url; })
      .catch((err) => frame.replaceChildren(errorBox(err, `Page ${page.number}`)));
  }
  return { panel, frames };
}

export async function resumePage(view, resumeId) {
  const path = `/v1/resumes/${encodeURIComponent(resumeId)}`;
  let resume = await get(path);
  let parse = null;
  const header = h("div", { class: "resume-header" });
  const problem = h("div", { id: "action-status", "aria-live": "polite" });
  const profileBox = h("div", { class: "profile", id: "profile" });
  const pagesBox = h("div", { class: "pages-column" });
  let frames = new Map();
  let selected = null; // { button, source }

  function place(source) {
    for (const f of frames.values()) f.overlay.hidden = true;
    const target = frames.get(source.page);
    if (!target || !target.img.complete || !target.img.naturalWidth) return false;
    const scale = target.img.clientWidth / target.page.width;
    const [x0, y0, x1, y1] = source.bbox;
    Object.assign(target.overlay.style, {
      left: `${x0 * scale}px`, top: `${y0 * scale}px`,
      width: `${(x1 - x0) * scale}px`, height: `${(y1 - y0) * scale}px`,
    });
    target.overlay.hidden = false;
    return target.overlay;
  }

  function highlight(button, field) {
    if (selected) selected.button.setAttribute("aria-pressed", "false");
    selected = { button, source: field.source };
    button.setAttribute("aria-pressed", "true");
    const target = frames.get(field.source.page);
    const show = () => {
      const overlay = place(field.source);
      if (overlay) overlay.scrollIntoView({ block: "center", behavior: "auto" });
    };
    if (target && !target.img.complete) target.img.addEventListener("load", show, { once: true });
    else show();
    announce(`${field.label} ${field.value}: highlighted on page ${field.source.page}`);
  }

  function fieldButton(field) {
    if (!field.source) {
      return h("span", { class: "field-value no-source", title: "no position recorded" },
        h("span", { class: "field-label" }, field.label), field.value);
    }
    const button = h("button", { type: "button", class: "field-value", "aria-pressed": "false",
      "data-field": field.label.toLowerCase(),
      title: `Show on page ${field.source.page}` },
    h("span", { class: "field-label" }, field.label), field.value);
    button.addEventListener("click", () => highlight(button, field));
    return button;
  }

  function renderProfile() {
    if (!resume.profile) {
      const why = {
        cancelled: "No profile: the resume was cancelled before one was made.",
        failed: "No profile: processing failed (see the error above).",
      };
      profileBox.replaceChildren(h("p", { class: "muted" },
        why[resume.status] || "The profile appears when processing ends."));
      return;
    }
    profileBox.replaceChildren(...fieldGroups(resume.profile).map((group) => h(
      "section",
      { class: "group", "aria-label": group.title },
      h("h2", {}, group.title),
      group.entries
        ? (group.entries.length ? group.entries.map((entry) => h("div", { class: "entry" },
          entry.map(fieldButton))) : h("p", { class: "muted" }, "none found"))
        : h("div", { class: group.inline ? "chips" : "entry" },
          group.fields.length ? group.fields.map(fieldButton) : h("span", { class: "muted" }, "none found")),
    )));
  }

  async function act(label, method, url) {
    problem.replaceChildren(`${label}…`);
    try {
      const body = await request(method, url);
      if (method === "DELETE") {
        announce("Resume deleted");
        location.hash = "#/resumes";
        return;
      }
      resume = body;
      renderHeader();
      problem.replaceChildren(`${label}: done.`);
      listen();
    } catch (err) {
      problem.replaceChildren(errorBox(err, `${label} failed`));
    }
  }

  // The action buttons are made once and only updated: a live update must not replace
  // the button a user is about to click or has focused with the keyboard.
  const retryButton = h("button", { type: "button", id: "retry",
    title: "Run it again from the start (or from the failed stage)",
    onclick: () => act("Retry", "POST", `${path}/replay`) }, "Retry");
  const cancelButton = h("button", { type: "button", id: "cancel",
    onclick: () => act("Cancel", "POST", `${path}/cancel`) }, "Cancel");
  const deleteButton = h("button", { type: "button", id: "delete", class: "danger", onclick: () => {
    if (confirm(`Delete ${resume.file.filename} and its data?`)) {
      act("Delete", "DELETE", path);
    }
  } }, "Delete");
  const titleSlot = h("div", { class: "resume-title" });
  const errorSlot = h("div");
  header.replaceChildren(
    h("div", { class: "resume-row" }, titleSlot,
      h("div", { class: "actions" }, retryButton, cancelButton, deleteButton)),
    errorSlot);

  function renderHeader() {
    const terminal = TERMINAL.has(resume.status);
    titleSlot.replaceChildren(
      h("h1", {}, resume.file.filename),
      h("p", {}, h("span", { id: "resume-status" }, statusBadge(resume.status)),
        resume.stalled ? h("span", { class: "badge status-failed" }, "stalled") : null,
        ` · run ${resume.run} · ${when(resume.created_at)}`,
        resume.batch_id ? [" · batch ", h("a", { href: `#/batches/${resume.batch_id}` },
          resume.batch_id.slice(0, 8))] : null));
    retryButton.disabled = !terminal;
    cancelButton.disabled = terminal;
    errorSlot.replaceChildren(resume.error ? h("div", { class: "error", role: "alert",
      id: "resume-error" },
      `Failed in ${resume.error.stage} after ${resume.error.attempts} attempt(s): `,
      h("code", { class: "code" }, resume.error.code), ` ${resume.error.message}`) : "");
  }

  async function loadPages() {
    if (parse || !resume.parse) return;
    parse = (await get(`${path}/parse`)).parse;
    const built = pagesPanel(resume, parse);
    frames = built.frames;
    pagesBox.replaceChildren(built.panel);
  }

  renderHeader();
  renderProfile();
  pagesBox.replaceChildren(h("p", { class: "muted" }, TERMINAL.has(resume.status)
    ? "No page images: the file was not parsed." : "Pages appear once the file is parsed."));
  await loadPages().catch((err) => pagesBox.replaceChildren(errorBox(err, "Pages")));
  view.replaceChildren(
    h("section", { class: "panel resume" }, header, problem),
    h("div", { class: "resume-body" }, pagesBox, h("section", { class: "panel profile-column",
      "aria-label": "Profile" }, profileBox)),
  );

  const onResize = () => { if (selected) place(selected.source); };
  window.addEventListener("resize", onResize);

  let source = null;
  let stopped = false;
  async function listen() {
    if (stopped || TERMINAL.has(resume.status) || source) return;
    try {
      source = await openStream(`${path}/events`);
    } catch (err) {
      problem.replaceChildren(errorBox(err, "Live status unavailable"));
      return;
    }
    source.addEventListener("status", async (event) => {
      const before = resume.status;
      resume = JSON.parse(event.data);
      if (resume.status !== before) announce(`Status: ${resume.status}`);
      renderHeader();
      renderProfile();
      await loadPages().catch(() => {});
      if (TERMINAL.has(resume.status)) {
        source.close();
        source = null;
      }
    });
    source.onerror = () => {
      source.close();
      source = null;
      if (!stopped && !TERMINAL.has(resume.status)) setTimeout(listen, 2000);
    };
  }
  await listen();
  return () => {
    stopped = true;
    window.removeEventListener("resize", onResize);
    if (source) source.close();
  };
}
