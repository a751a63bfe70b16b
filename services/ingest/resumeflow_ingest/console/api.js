// The API client: every call carries the key from sessionStorage; errors keep their code.

const KEY = "resumeflow.apiKey";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY) || "";
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

function headers(extra = {}) {
  const key = apiKey();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

async function fail(response) {
  let code = `http_${response.status}`;
  let message = response.statusText || "request failed";
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch {
    // not JSON: keep the HTTP status as the code
  }
  if (response.status === 405) message = "this server does not offer this action";
  throw new ApiError(response.status, code, message);
}

export async function request(method, path, { json, form, key } = {}) {
  const init = { method, headers: headers() };
  if (key !== undefined) {
    init.headers = key ? { Authorization: `Bearer ${key}` } : {};
  }
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (form !== undefined) {
    init.body = form;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, "network_error", `the API did not answer (${err.message})`);
  }
  if (!response.ok) await fail(response);
  if (response.status === 204) return null;
  return response.json();
}

export const get = (path) => request("GET", path);
export const post = (path, json) => request("POST", path, { json });

/** A page image as an object URL: fetched with the key, since <img> cannot send headers. */
export async function pageImage(resumeId, page, scale) {
  const url = `/v1/resumes/${encodeURIComponent(resumeId)}/pages/${page}.png?scale=${scale}`;
  const response = await fetch(url, { headers: headers() });
  if (!response.ok) await fail(response);
  return URL.createObjectURL(await response.blob());
}

/**
 * An EventSource for an /events path. EventSource cannot send headers, so with a key the
 * stream is opened with a short-lived token from POST /v1/stream-tokens (never the key).
 */
export async function openStream(path) {
  let url = path;
  if (apiKey()) {
    const { token } = await post("/v1/stream-tokens");
    url += `${path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(token)}`;
  }
  return new EventSource(url);
}
