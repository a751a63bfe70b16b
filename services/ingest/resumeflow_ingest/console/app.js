// The console's shell: sign-in, hash routes, and the view that owns the page.

import { ApiError, apiKey, request, setApiKey } from "./api.js";
import { batchPage, batchesPage, homePage } from "./batches.js";
import { h, errorBox } from "./dom.js";
import { resumePage, resumesPage } from "./resumes.js";

const view = document.getElementById("view");
let cleanup = null; // the current view's teardown (closes its event streams)
let devMode = false;

/** Is the stored key (or no key, in dev mode) accepted? */
async function accepted(key) {
  try {
    await request("GET", "/v1/batches?limit=1", { key });
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return false;
    throw err;
  }
}

function signInPage(problem) {
  const input = h("input", {
    id: "api-key", name: "api-key", type: "password", autocomplete: "off", required: true,
  });
  const status = h("div", { "aria-live": "polite" }, problem ? errorBox(problem) : null);
  const form = h(
    "form",
    { class: "panel signin", onsubmit: async (event) => {
      event.preventDefault();
      status.replaceChildren("Checking…");
      const key = input.value.trim();
      try {
        if (await accepted(key)) {
          setApiKey(key);
          await route();
        } else {
          status.replaceChildren(
            errorBox(new ApiError(401, "unauthorized", "this API key was not accepted")),
          );
          input.focus();
        }
      } catch (err) {
        status.replaceChildren(errorBox(err));
      }
    } },
    h("h1", {}, "Sign in"),
    h("p", {}, "This server needs an API key (the key part of one ", h("code", {}, "API_KEYS"),
      " entry). It is kept in this tab only."),
    h("label", { for: "api-key" }, "API key"),
    input,
    h("button", { type: "submit", class: "primary" }, "Sign in"),
    status,
  );
  view.replaceChildren(form);
  input.focus();
}

function showIdentity() {
  const who = document.getElementById("who");
  const signout = document.getElementById("signout");
  who.textContent = devMode ? "dev mode: no API key needed" : "signed in with an API key";
  signout.hidden = devMode;
}

async function route() {
  if (cleanup) cleanup();
  cleanup = null;
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = hash.split("?");
  const params = new URLSearchParams(query);
  const parts = path.split("/").filter(Boolean);
  try {
    if (!apiKey()) {
      devMode = await accepted("");
      if (!devMode) {
        document.getElementById("signout").hidden = true;
        document.getElementById("who").textContent = "";
        signInPage();
        return;
      }
    }
    showIdentity();
    view.replaceChildren(h("p", {}, "Loading…"));
    if (parts[0] === "batches" && parts[1]) cleanup = await batchPage(view, parts[1]);
    else if (parts[0] === "batches") cleanup = await batchesPage(view);
    else if (parts[0] === "resumes" && parts[1]) cleanup = await resumePage(view, parts[1]);
    else if (parts[0] === "resumes") cleanup = await resumesPage(view, params);
    else cleanup = await homePage(view);
    for (const link of document.querySelectorAll("nav a")) {
      const current = link.getAttribute("href") === `#/${parts[0] || ""}`;
      if (current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setApiKey("");
      signInPage(err);
      return;
    }
    view.replaceChildren(errorBox(err));
  }
}

document.getElementById("signout").addEventListener("click", () => {
  setApiKey("");
  location.hash = "#/";
  route();
});
window.addEventListener("hashchange", async () => {
  await route();
  // keyboard and screen-reader users continue from the new view, not the old link
  if (!view.contains(document.activeElement)) view.focus({ preventScroll: true });
});
route();
