// Intake: drop a judgment file, watch the import job run, read its counts; batch history and
// each batch's rejected rows (with a CSV download to fix and re-send them).
import { get, upload, withQuery } from "../api.js";
import { h, mount } from "../dom.js";
import { count, dateTime, label } from "../format.js";
import { setQuery } from "../router.js";
import { badge, card, dataTable, errorPanel, loading, pageHeader, pager, toast } from "../widgets.js";
import { mappingFlow } from "./intake_mapping.js";
import { refusalPanel, rejectsTable } from "./intake_refusal.js";

const POLL_MS = 600;
const BATCH_TONE = { completed: "green", running: "blue", refused: "amber", failed: "red" };

function countsGrid(batch) {
  const cells = [
    ["Rows read", batch.rows_read],
    ["New", batch.inserted],
    ["Updated", batch.updated],
    ["Unchanged", batch.unchanged],
    ["Rejected", batch.rejected],
  ];
  return h("div", { class: "counts", id: "import-counts" }, cells.map(([k, v]) => h("div", {}, h("span", {}, k), h("strong", { dataset: { count: k } }, count(v)))));
}

function progressBar(done, total) {
  const known = total !== null && total !== undefined && total > 0;
  const bar = h("div", { style: known ? { width: `${Math.min(100, (done / total) * 100)}%` } : {} });
  return h(
    "div",
    {},
    h("div", { class: `progress${known ? "" : " indeterminate"}`, role: "progressbar", "aria-valuemin": 0, "aria-valuemax": known ? total : null, "aria-valuenow": known ? done : null }, bar),
    h("div", { class: "muted" }, known ? `${count(done)} of ${count(total)} rows` : `${count(done)} rows so far`),
  );
}

function uploader(onFinished) {
  const status = h("div", { class: "upload-status", "aria-live": "polite" });
  const input = h("input", { type: "file", accept: ".csv,.txt,.tsv,.xlsx,.xls", style: { display: "none" }, id: "intake-file" });
  const chooseButton = h("button", { type: "button", class: "btn btn-primary", onclick: () => input.click() }, "Choose a file…");
  let timer = null;

  function showJob(job) {
    if (job.status === "succeeded") {
      const batch = job.batch;
      if (!batch) {
        // No new batch: the file duplicates one already imported (the message names it).
        mount(status, h("p", {}, h("strong", {}, "Nothing imported. "), job.message || ""));
        onFinished();
        return true;
      }
      mount(
        status,
        h("p", {}, h("strong", {}, "Import finished. "), batch.message || ""),
        countsGrid(batch),
        batch.rejected ? h("p", {}, h("a", { href: `#/intake?batch=${batch.id}` }, `See the ${count(batch.rejected)} rejected rows`)) : null,
      );
      onFinished();
      return true;
    }
    if (job.status === "failed" && job.batch && job.batch.status === "refused" && job.batch.rejected) {
      mount(status, refusalPanel(job.batch.id, { canWrite: true, onDone: onFinished }));
      onFinished();
      return true;
    }
    if (job.status === "failed") {
      const reason = job.error || (job.batch && job.batch.message) || "The import failed.";
      mount(status, errorPanel({ message: reason }, null, "", "The file was not imported."));
      onFinished();
      return true;
    }
    const progress = job.progress || {};
    mount(status, h("p", {}, job.status === "queued" ? "Waiting for a worker to start the import…" : "Importing…"), progressBar(progress.rows_done || 0, progress.rows_total));
    return false;
  }

  async function poll(url) {
    try {
      if (!showJob(await get(url))) timer = setTimeout(() => poll(url), POLL_MS);
    } catch (error) {
      mount(status, errorPanel(error, () => poll(url), "the import progress"));
    }
  }

  async function send(file, source = "auto", regime = "") {
    if (!file) return;
    clearTimeout(timer);
    const form = new FormData();
    form.append("file", file, file.name);
    form.append("source", source);
    if (regime) form.append("interest_regime", regime);
    mount(status, h("p", {}, `Uploading ${file.name}…`), progressBar(0, file.size));
    try {
      const job = await upload("/api/v1/imports", form, (sent, total) => mount(status, h("p", {}, `Uploading ${file.name}…`), progressBar(sent, total)));
      toast(`${file.name} received; importing.`);
      poll(job.status_url || `/api/v1/imports/jobs/${job.job_id}`);
    } catch (error) {
      mount(status, errorPanel(error, () => send(file, source, regime), "", `Could not send ${file.name}.`));
    }
  }

  // The mapping step looks at the file first; it sends it once a source fits (intake_mapping.js).
  const flow = mappingFlow(status, send);
  input.addEventListener("change", () => {
    const file = input.files[0];
    input.value = ""; // so choosing the same file again (a re-send) still fires a change
    flow.start(file);
  });
  const zone = h(
    "div",
    { class: "dropzone", id: "dropzone" },
    h("strong", {}, "Drop a judgment file here"),
    h("p", {}, "CSV or Excel from a vendor, the court, or a FOIL request. The format is detected from the header row."),
    chooseButton,
    input,
    flow.controls,
  );
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("dragging"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    flow.start(event.dataTransfer.files[0]);
  });
  return { node: card("Import a file", zone, status), stop: () => clearTimeout(timer) };
}

const BATCH_COLUMNS = [
  { label: "File", clip: true, cell: (b) => h("a", { href: `#/intake?batch=${b.id}` }, b.filename) },
  { label: "Format", cell: (b) => b.source || "—" },
  { label: "Result", cell: (b) => badge(label(b.status), BATCH_TONE[b.status] || "neutral") },
  { label: "Read", numeric: true, cell: (b) => count(b.rows_read) },
  { label: "New", numeric: true, cell: (b) => count(b.inserted) },
  { label: "Updated", numeric: true, cell: (b) => count(b.updated) },
  { label: "Unchanged", numeric: true, cell: (b) => count(b.unchanged) },
  { label: "Rejected", numeric: true, cell: (b) => count(b.rejected) },
  { label: "Started", cell: (b) => dateTime(b.started_at) },
  { label: "Why", clip: true, cell: (b) => (b.accepted_reason ? `Rejects accepted: ${b.accepted_reason}` : b.status === "completed" ? "" : b.message || "") },
];

export function render(root, ctx) {
  let query = { ...ctx.query };
  const historyBox = h("div", {});
  const rejectsBox = h("div", {});
  const up = ctx.canWrite ? uploader(() => loadHistory()) : null;

  async function loadHistory() {
    const page = Number(query.hpage) || 1;
    mount(historyBox, loading());
    try {
      const data = await get(withQuery("/api/v1/imports", { page }));
      mount(historyBox, dataTable(BATCH_COLUMNS, data.items, { empty: "No files imported yet." }), pager(page, data.page_size || 50, data.total, (p) => setQuery({ ...query, hpage: p })));
    } catch (error) {
      mount(historyBox, errorPanel(error, loadHistory, "the import history"));
    }
  }

  async function loadRejects() {
    if (!query.batch) return mount(rejectsBox);
    const page = Number(query.rpage) || 1;
    const batch = encodeURIComponent(query.batch);
    mount(rejectsBox, loading());
    try {
      const found = await get(`/api/v1/imports/${batch}`);
      if (found.status === "refused" && found.rejected) {
        return mount(rejectsBox, refusalPanel(found.id, { canWrite: ctx.canWrite, onDone: () => loadHistory() }));
      }
      if (found.status !== "completed" && !found.rejected) {
        return mount(rejectsBox, card(`${found.filename} was not imported`, h("p", {}, found.message || "No reason was recorded.")));
      }
      const data = await get(withQuery(`/api/v1/imports/${batch}/rejects`, { page }));
      mount(
        rejectsBox,
        card(
          `Rejected rows in batch ${query.batch}`,
          h("div", { class: "result-bar" }, h("strong", {}, `${count(data.total)} rows were not imported`), h("span", { class: "spacer" }), h("a", { class: "btn", href: `/api/v1/imports/${batch}/rejects.csv`, download: `rejects-${query.batch}.csv` }, "⇩ Download rejects CSV")),
          rejectsTable(data.items),
          pager(page, data.page_size || 50, data.total, (p) => setQuery({ ...query, rpage: p })),
        ),
      );
    } catch (error) {
      mount(rejectsBox, errorPanel(error, loadRejects, "the rejected rows"));
    }
  }

  mount(
    root,
    pageHeader("Intake", "Import judgment files and check what was accepted."),
    h("div", { class: "stack" }, up ? up.node : null, card("Imported files", historyBox), rejectsBox),
  );
  loadHistory();
  loadRejects();
  return {
    update(next) {
      query = { ...next.query };
      loadHistory();
      loadRejects();
    },
    destroy() {
      if (up) up.stop();
    },
  };
}
