// Small building blocks shared by the screens: loading and error states, badges, tables, pager.
import { h, mount } from "./dom.js";
import { count } from "./format.js";

export function loading(text = "Loading…") {
  return h("div", { class: "loading", role: "status" }, h("span", { class: "spinner" }), text);
}

/**
 * The plain-language failure box with a Retry button; never a made-up number.
 * `what` completes "Could not load …"; `title` replaces the whole heading.
 */
export function errorPanel(error, onRetry, what = "this information", title = null) {
  const message = (error && error.message) || "Something went wrong.";
  return h(
    "div",
    { class: "error-panel", role: "alert" },
    h("strong", {}, title || `Could not load ${what}.`),
    h("p", {}, message),
    onRetry ? h("button", { type: "button", class: "btn", onclick: onRetry }, "Retry") : null,
  );
}

/**
 * Show a loading state in `container`, run `loader`, then `render(data)` into it.
 * On failure the container shows the error with a Retry button that runs the whole thing again.
 */
export async function loadInto(container, loader, render, what) {
  mount(container, loading());
  try {
    const data = await loader();
    const content = render(data);
    if (content !== undefined) mount(container, content);
    return data;
  } catch (error) {
    if (error && error.name === "AbortError") return undefined;
    mount(container, errorPanel(error, () => loadInto(container, loader, render, what), what));
    return undefined;
  }
}

export function badge(text, tone = "neutral") {
  return h("span", { class: `badge badge-${tone}` }, text);
}

const TIER_TONE = { A: "green", B: "teal", C: "amber", D: "orange", F: "red" };

export function tierBadge(tier) {
  if (!tier) return h("span", { class: "muted" }, "—");
  return h("span", { class: `tier tier-${TIER_TONE[tier] || "neutral"}`, title: `Tier ${tier}` }, tier);
}

// Release marks follow the runbook's colours: green done, red failed or cancelled, yellow running, grey
// waiting/skipped, and an amber diamond for "deployed with warnings" so it is never read as plain
// success. Drawn in CSS (not emoji) so they look the same on every machine; text always beside.
const RUN_LOOK = {
  success: ["Succeeded", "green"],
  warnings: ["Deployed with warnings", "amber"],
  failed: ["Failed", "red"],
  cancelled: ["Cancelled", "red"],
  running: ["Running", "yellow"],
};
const STEP_LOOK = {
  success: ["Done", "green"],
  warning: ["Warning", "amber"],
  failed: ["Failed", "red"],
  running: ["Running", "yellow"],
  pending: ["Waiting", "grey"],
  skipped: ["Skipped", "grey"],
};

/** Just the coloured mark (for compact strips); `title` names it for hover and screen readers. */
export function statusDot(tone, title) {
  return h("span", { class: `dot dot-${tone}`, title, role: title ? "img" : null, "aria-label": title || null });
}

export const stepTone = (status) => (STEP_LOOK[status] || ["", "grey"])[1];

function statusMark(look, status) {
  const [text, tone] = look[status] || [status || "Unknown", "grey"];
  return h("span", { class: `status status-${tone}`, dataset: { status: status || "" } }, statusDot(tone), text);
}

export const runStatus = (outcome) => statusMark(RUN_LOOK, outcome);
export const stepStatus = (status) => statusMark(STEP_LOOK, status);

/**
 * A table. columns: [{label, cell(row) -> node|string, numeric?, clip?, wrap?}]: cells stay on
 * one line unless `wrap`; `clip` cuts long text with an ellipsis (full text on hover).
 * rowAttrs(row) may add attributes (e.g. a click handler) to each row.
 */
export function dataTable(columns, rows, { caption, rowAttrs, empty = "Nothing to show." } = {}) {
  const head = h(
    "tr",
    {},
    columns.map((col) => h("th", { scope: "col", class: col.numeric ? "num" : null }, col.label)),
  );
  const body = rows.length
    ? rows.map((row) =>
        h(
          "tr",
          rowAttrs ? rowAttrs(row) : {},
          columns.map((col) => {
            const classes = [col.numeric ? "num" : "", col.clip ? "clip" : "", col.wrap ? "wrap" : ""].join(" ").trim();
            const td = h("td", { class: classes || null, "data-label": col.label }, col.cell(row));
            if (col.clip) td.title = td.textContent;
            return td;
          }),
        ),
      )
    : [h("tr", {}, h("td", { colspan: columns.length, class: "empty" }, empty))];
  return h(
    "div",
    { class: "table-wrap" },
    h("table", { class: "data" }, caption ? h("caption", {}, caption) : null, h("thead", {}, head), h("tbody", {}, body)),
  );
}

/** "Showing 51–100 of 1,234" with previous/next buttons. */
export function pager(page, pageSize, total, onPage) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const text = h("span", { class: "pager-text" }, `Showing ${count(first)}–${count(last)} of ${count(total)}`);
  if (pages <= 1) return h("div", { class: "pager" }, text);
  return h(
    "nav",
    { class: "pager", "aria-label": "Pages" },
    text,
    h("button", { type: "button", class: "btn btn-ghost", disabled: page <= 1, onclick: () => onPage(page - 1) }, "‹ Previous"),
    h("span", { class: "pager-page" }, `Page ${count(page)} of ${count(pages)}`),
    h("button", { type: "button", class: "btn btn-ghost", disabled: page >= pages, onclick: () => onPage(page + 1) }, "Next ›"),
  );
}

export function card(title, ...children) {
  return h("section", { class: "card" }, title ? h("h2", { class: "card-title" }, title) : null, ...children);
}

export function pageHeader(title, subtitle, ...actions) {
  return h(
    "header",
    { class: "page-header" },
    h("div", {}, h("h1", {}, title), subtitle ? h("p", { class: "subtitle" }, subtitle) : null),
    actions.length ? h("div", { class: "page-actions" }, ...actions) : null,
  );
}

/** A labelled form field. */
export function field(labelText, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, labelText),
    control,
    hint ? h("small", { class: "hint" }, hint) : null,
  );
}

export function select(name, options, value) {
  return h(
    "select",
    { name },
    options.map(([optValue, text]) => h("option", { value: optValue, selected: optValue === value }, text)),
  );
}

const toastHost = () => document.getElementById("toasts");

/** A short confirmation that fades after a few seconds (read out by screen readers). */
export function toast(text, tone = "green") {
  const host = toastHost();
  if (!host) return;
  const el = h("div", { class: `toast toast-${tone}` }, text);
  host.appendChild(el);
  setTimeout(() => el.remove(), 4000);
}

/**
 * The submit handler of a form that posts once: clears `message`, disables `button`, runs
 * `work()`; an error shows its readable message in `message` and re-enables the button (on
 * success the screen reloads, so the button stays disabled).
 */
export function submitOnce(button, message, work) {
  return async (event) => {
    event.preventDefault();
    message.textContent = "";
    button.disabled = true;
    try {
      await work();
    } catch (error) {
      message.textContent = error.message;
      button.disabled = false;
    }
  };
}

/**
 * A small button that opens "reason + confirm" in place, for changes that need a stated reason
 * (reverse an entry, retire a fact, change a rate). `onConfirm(reason)` does the work and throws
 * an error with a readable message to show; the control re-enables itself then.
 */
export function reasonConfirm({ openText, confirmText, placeholder, ariaLabel, danger = false, onConfirm }) {
  const reason = h("input", { type: "text", name: "reason", placeholder, "aria-label": ariaLabel });
  const message = h("span", { class: "form-error", role: "alert" });
  const confirm = h("button", { type: "button", class: `btn btn-small ${danger ? "btn-danger" : "btn-primary"}` }, confirmText);
  const confirmRow = h("span", { class: "row", hidden: true }, reason, confirm, message);
  const open = h("button", { type: "button", class: "btn btn-small" }, openText);
  open.addEventListener("click", () => {
    open.hidden = true;
    confirmRow.hidden = false;
    reason.focus();
  });
  confirm.addEventListener("click", async () => {
    if (!reason.value.trim()) {
      message.textContent = "Say why.";
      reason.focus();
      return;
    }
    confirm.disabled = true;
    try {
      await onConfirm(reason.value.trim());
    } catch (error) {
      message.textContent = error.message;
      confirm.disabled = false;
    }
  });
  return h("span", {}, open, confirmRow);
}
