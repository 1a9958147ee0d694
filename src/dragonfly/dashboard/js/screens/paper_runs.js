// Papers in bulk: for the judgments chosen on the Portfolio or the Enforcement desk, pick a kind
// of paper and start a run (a background job); its progress shows here, then the merged PDF and
// the zip to download, and each judgment that got no paper with the reason in words.
import { get, post } from "../api.js";
import { h, mount } from "../dom.js";
import { count, countOf } from "../format.js";
import { errorPanel, field, select, toast } from "../widgets.js";
import { paperName, vocabulary } from "../vocabulary.js";

const POLL_MS = 1000;

function progressBar(done, total) {
  const bar = h("div", { style: { width: `${total ? Math.min(100, (done / total) * 100) : 0}%` } });
  return h("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": total, "aria-valuenow": done }, bar);
}

function statusLine(run) {
  const p = run.progress;
  if (run.status === "queued") return "Waiting for a worker to start the run…";
  if (run.status === "running") {
    return `Making papers: ${count(p.done)} of ${count(p.total)} judgments (${count(p.made)} made, ${count(p.refused)} refused)…`;
  }
  if (run.status === "failed") return `The run stopped: ${run.error || "see the worker log."} ${countOf(p.made, "paper")} were made before it stopped.`;
  return `Done: ${countOf(p.made, "paper")} made (${countOf(p.pages, "page")})${p.refused ? `; ${count(p.refused)} refused, listed below` : ""}.`;
}

function refusalList(refusals) {
  if (!refusals.length) return null;
  return h(
    "div",
    { class: "run-refusals" },
    h("h3", {}, `No paper for ${countOf(refusals.length, "judgment")}`),
    h(
      "ul",
      { class: "plain-list" },
      refusals.map((r) =>
        h(
          "li",
          { dataset: { judgmentId: r.judgment_id } },
          h("a", { href: `#/judgments/${r.judgment_id}`, class: "mono" }, r.index_number || `#${r.judgment_id}`),
          h("span", {}, ` ${r.reason}`),
        ),
      ),
    ),
  );
}

function downloads(run) {
  if (!run.merged_pdf) return null;
  return h(
    "div",
    { class: "row run-downloads" },
    h("a", { href: run.merged_pdf, class: "btn btn-primary", download: `paper-run-${run.id}.pdf` }, "⇩ All papers as one PDF"),
    h("a", { href: run.zip, class: "btn", download: `paper-run-${run.id}.zip` }, "⇩ Zip of single papers"),
  );
}

/** A run's progress, polled until it has finished; stops when the element leaves the page. */
export function runProgress(runId) {
  const box = h("div", { class: "paper-run", "aria-live": "polite", dataset: { runId } });
  let first = true;
  async function poll() {
    if (!first && !box.isConnected) return;
    first = false;
    let run;
    try {
      run = await get(`/api/v1/paper-runs/${runId}`);
    } catch (error) {
      mount(box, errorPanel(error, poll, "the paper run's progress"));
      return;
    }
    const finished = run.status === "succeeded" || run.status === "failed";
    box.dataset.status = run.status;
    mount(
      box,
      h("p", { class: run.status === "failed" ? "form-error" : null }, `${paperName(run.kind)} · run ${run.id}. `, statusLine(run)),
      progressBar(run.progress.done, run.progress.total),
      downloads(run),
      refusalList(run.refusals),
    );
    if (!finished) setTimeout(poll, POLL_MS);
    else if (run.status === "succeeded") toast(`Paper run ${run.id} finished: ${countOf(run.progress.made, "paper")} made.`);
  }
  poll();
  return box;
}

/**
 * "Make papers…" for the judgments `chosenIds()` returns: an open button (disabled while none is
 * chosen; call `refresh()` when the choice changes) and the panel it opens.
 */
export function makePapersPanel(chosenIds) {
  const kinds = vocabulary().paper_kinds || [];
  const kind = select("run_kind", kinds.map((k) => [k, paperName(k)]), kinds[0]);
  const message = h("div", { class: "form-error", role: "alert" });
  const status = h("div", {});
  const start = h("button", { type: "submit", class: "btn btn-primary" }, "Start");
  const summary = h("p", { class: "muted" });
  const panel = h(
    "form",
    {
      class: "card make-papers-panel",
      hidden: true,
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = "";
        const ids = chosenIds();
        if (!ids.length) {
          message.textContent = "Choose at least one judgment first.";
          return;
        }
        start.disabled = true;
        try {
          const accepted = await post("/api/v1/paper-runs", { kind: kind.value, judgment_ids: ids });
          mount(status, runProgress(accepted.id));
        } catch (error) {
          message.textContent = error.message;
        } finally {
          start.disabled = false;
        }
      },
    },
    h("h2", { class: "card-title" }, "Make papers"),
    summary,
    h("div", { class: "form-grid" }, field("Paper", kind), h("div", { class: "row nowrap" }, start, h("button", { type: "button", class: "btn btn-ghost", onclick: () => { panel.hidden = true; } }, "Close"))),
    message,
    status,
  );
  const open = h("button", { type: "button", class: "btn", onclick: () => { panel.hidden = false; refresh(); kind.focus(); } });
  function refresh() {
    const n = chosenIds().length;
    open.textContent = n ? `Make papers for ${countOf(n, "judgment")}…` : "Make papers…";
    open.disabled = n === 0;
    open.title = n ? "" : "Tick the judgments first";
    const which = n === 1 ? "the judgment chosen" : `each of the ${count(n)} judgments chosen`;
    summary.textContent = `One paper for ${which}, as of today, recorded on its judgment. A judgment that cannot have the paper is skipped and listed with the reason. Making a paper does not move its action: confirm on the judgment's page when it was served or mailed.`;
  }
  refresh();
  return { open, panel, refresh };
}
