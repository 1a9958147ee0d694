// Hash routing: "#/portfolio?tier=A&sort=-score" works on any static host without rewrites,
// and the URL alone restores a view (bookmarks, shared links).

/** Parse location.hash into {path: ["judgments", "42"], query: {tier: "A"}}. */
export function parseHash(hash = window.location.hash) {
  const text = hash.replace(/^#/, "") || "/overview";
  const [pathPart, queryPart = ""] = text.split("?");
  const path = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  const query = Object.fromEntries(new URLSearchParams(queryPart));
  return { path: path.length ? path : ["overview"], query };
}

/** Build "#/portfolio?tier=A" from a path and a query object (empty values left out). */
export function buildHash(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return `#/${path.map(encodeURIComponent).join("/")}${text ? `?${text}` : ""}`;
}

export function navigate(path, query = {}) {
  window.location.hash = buildHash(path, query);
}

/** Change the query of the current screen; replace=true leaves no history entry (typing). */
export function setQuery(query, { replace = false } = {}) {
  const { path } = parseHash();
  const hash = buildHash(path, query);
  if (hash === window.location.hash) return;
  if (replace) {
    history.replaceState(null, "", hash);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = hash;
  }
}
