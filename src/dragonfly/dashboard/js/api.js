// The one way screens talk to the API: same origin, session cookie, JSON in and out.
// Every failure becomes an ApiError with a sentence a person can read.

export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

const listeners = new Set();

/** Called with the ApiError whenever the session has ended (401 outside login). */
export function onSessionEnded(listener) {
  listeners.add(listener);
}

function friendlyStatus(status) {
  if (status >= 500) return "The server had a problem answering this request.";
  if (status === 404) return "This item was not found.";
  if (status === 403) return "Your account is not allowed to do this.";
  if (status === 401) return "Please sign in again.";
  return `The request was refused (HTTP ${status}).`;
}

async function readError(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const err = body && body.error;
  if (err && typeof err.message === "string") {
    return new ApiError(response.status, err.code || "error", err.message, err.details);
  }
  if (body && typeof body.detail === "string") {
    return new ApiError(response.status, "error", body.detail);
  }
  return new ApiError(response.status, `http_${response.status}`, friendlyStatus(response.status));
}

/** Send a request; resolve to parsed JSON (or null for 204), reject with ApiError. */
export async function request(method, path, body, { signal } = {}) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" }, signal };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (exc) {
    if (exc && exc.name === "AbortError") throw exc;
    throw new ApiError(0, "unreachable", "The Dragonfly server could not be reached.");
  }
  if (!response.ok) {
    const error = await readError(response);
    if (response.status === 401 && !path.endsWith("/auth/login")) {
      for (const listener of listeners) listener(error);
    }
    throw error;
  }
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) {
    throw new ApiError(response.status, "bad_response", "The server sent an unexpected answer.");
  }
  return response.json();
}

export const get = (path, options) => request("GET", path, undefined, options);
export const post = (path, body) => request("POST", path, body ?? {});
export const patch = (path, body) => request("PATCH", path, body);
export const put = (path, body) => request("PUT", path, body);

/** "/api/v1/judgments" + {tier: "A", q: ""} -> "/api/v1/judgments?tier=A" (empty values dropped). */
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === "") continue;
    query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Upload a file with upload progress (fetch cannot report it). onProgress(sentBytes, totalBytes).
 */
export function upload(path, formData, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener("error", () =>
      reject(new ApiError(0, "unreachable", "The Dragonfly server could not be reached.")),
    );
    xhr.addEventListener("load", async () => {
      const response = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { "Content-Type": xhr.getResponseHeader("Content-Type") || "" },
      });
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(await response.json());
        } catch {
          reject(new ApiError(xhr.status, "bad_response", "The server sent an unexpected answer."));
        }
      } else {
        const error = await readError(response);
        if (xhr.status === 401) for (const listener of listeners) listener(error);
        reject(error);
      }
    });
    xhr.send(formData);
  });
}
