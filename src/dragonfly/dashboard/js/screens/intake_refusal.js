// Intake, when a file is refused for too many bad rows: its rejected rows (line, reason, column,
// value) before anything is written, the rejects CSV to fix and import again, and for ops and
// admin users "import the good rows anyway" with a stated reason (kept on the batch and audited).
import { get, post, withQuery } from "../api.js";
import { h, mount } from "../dom.js";
import { count, label } from "../format.js";
import { card, dataTable, errorPanel, loading, pager, toast } from "../widgets.js";

const PAGE_SIZE = 25;
const POLL_MS = 600;

function shown(value) {
  if (value === null || value === undefined || value === "") return h("span", { class: "muted" }, "(empty)");
  return h("span", { class: "mono" }, String(value));
}

/** A rejected row as a person reads it: which line, why, which of the file's columns, what it held. */
export const REJECT_COLUMNS = [
  { label: "Line", numeric: true, cell: (r) => count(r.line_number) },
  { label: "Reason", cell: (r) => label(r.reason_code) },
  { label: "Column", wrap: true, cell: (r) => r.field || "(whole row)" },
  { label: "Value", wrap: true, cell: (r) => (r.field ? shown(r.value) : "") },
  { label: "Detail", wrap: true, cell: (r) => r.detail || "" },
];

/** The rejected rows of one batch; on a phone each row is a short card of label and value. */
export function rejectsTable(items, empty = "Every row in this file was accepted.") {
  const table = dataTable(REJECT_COLUMNS, items, { empty });
  table.querySelector("table").classList.add("stack-mobile");
  table.querySelector("table").id = "rejected-rows";
  return table;
}

function downloadLink(batchId) {
  return h("a", { class: "btn", href: `/api/v1/imports/${batchId}/rejects.csv`, download: `rejects-${batchId}.csv` }, "⇩ Download rejects CSV");
}

function acceptForm(batch, onAccepted) {
  const good = batch.rows_read - batch.rejected;
  const reason = h("textarea", {
    id: "accept-reason",
    name: "reason",
    rows: 2,
    maxlength: 500,
    placeholder: "e.g. The vendor resends the rejected lines on Friday",
    style: { width: "100%" },
  });
  const message = h("span", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "btn btn-primary", id: "accept-rejects" }, `Import the ${count(good)} good rows anyway`);
  const form = h(
    "form",
    { class: "stack", id: "accept-form", novalidate: true },
    h("label", { for: "accept-reason" }, h("strong", {}, "Why import the good rows now? "), h("span", { class: "muted" }, `The ${count(batch.rejected)} rejected rows are left out; the reason is kept with the import and in the audit trail.`)),
    reason,
    h("div", { class: "row" }, button, message),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "";
    if (!reason.value.trim()) {
      message.textContent = "Say why the good rows should be imported although the file is over its limit.";
      reason.focus();
      return;
    }
    button.disabled = true;
    try {
      const job = await post(`/api/v1/imports/${batch.id}/accept-rejects`, { reason: reason.value.trim() });
      onAccepted(job);
    } catch (error) {
      message.textContent = error.message;
      button.disabled = false;
    }
  });
  return form;
}

/**
 * The panel for refused batch `batchId`: what happened, each rejected row (paged), the CSV, and
 * for a writer whose file the server still holds, the form to import the good rows anyway.
 * `onDone(newBatch)` runs once those rows are imported.
 */
export function refusalPanel(batchId, { canWrite, onDone = () => {} }) {
  const node = h("div", { id: "refusal" }, loading());
  let page = 1;
  let timer = null;
  let batch = null;

  function followJob(url, box) {
    get(url)
      .then((job) => {
        if (job.status === "succeeded" && job.batch) {
          const b = job.batch;
          mount(
            box,
            h("p", { id: "accept-result" }, h("strong", {}, "Good rows imported. "), b.message || ""),
            h("p", {}, h("a", { href: `#/intake?batch=${b.id}` }, `Batch ${b.id}: ${count(b.inserted)} new, ${count(b.updated)} updated, ${count(b.unchanged)} unchanged, ${count(b.rejected)} rejected`)),
          );
          toast(`${b.filename}: good rows imported.`);
          onDone(b);
        } else if (job.status === "failed") {
          mount(box, errorPanel({ message: job.error || "The import failed." }, null, "", "The good rows were not imported."));
        } else {
          const progress = job.progress || {};
          mount(box, h("p", {}, `Importing the good rows… ${count(progress.rows_done || 0)} rows so far`));
          timer = setTimeout(() => followJob(url, box), POLL_MS);
        }
      })
      .catch((error) => mount(box, errorPanel(error, () => followJob(url, box), "the import progress")));
  }

  function wayForward() {
    if (!canWrite) return h("p", { class: "muted" }, "An ops or admin user can import the good rows anyway, with a reason; or fix the rows and import the file again.");
    if (!batch.file_kept) return h("p", { class: "muted" }, "The server no longer holds this file (it was imported from the command line, or its good rows were already imported). Upload it again to import its good rows.");
    const box = h("div", { id: "accept-box" });
    mount(box, acceptForm(batch, (job) => followJob(job.status_url, box)));
    return box;
  }

  async function load() {
    try {
      const [found, rows] = await Promise.all([
        batch ? Promise.resolve(batch) : get(`/api/v1/imports/${encodeURIComponent(batchId)}`),
        get(withQuery(`/api/v1/imports/${encodeURIComponent(batchId)}/rejects`, { page, page_size: PAGE_SIZE })),
      ]);
      const first = !batch;
      batch = found;
      const table = h("div", { id: "refusal-rows" }, rejectsTable(rows.items), pager(page, PAGE_SIZE, rows.total, (p) => { page = p; load(); }));
      if (!first) {
        node.querySelector("#refusal-rows").replaceWith(table);
        return;
      }
      const rate = batch.rows_read ? ` (${((batch.rejected / batch.rows_read) * 100).toFixed(1)}%)` : "";
      mount(
        node,
        card(
          `${batch.filename} was not imported`,
          h("p", { class: "result-bar" }, h("strong", {}, `${count(batch.rejected)} of ${count(batch.rows_read)} rows would be rejected${rate}; nothing was written.`)),
          h("p", { class: "muted" }, batch.message || ""),
          h("div", { class: "row" }, h("strong", {}, "Rejected rows"), h("span", { class: "spacer" }), downloadLink(batch.id)),
          table,
          h("p", { class: "muted" }, "Fix the values in the CSV and import it as it is: the line, reason and detail columns are ignored."),
          wayForward(),
        ),
      );
    } catch (error) {
      mount(node, errorPanel(error, load, "the rejected rows"));
    }
  }

  load();
  node.stop = () => clearTimeout(timer);
  return node;
}
