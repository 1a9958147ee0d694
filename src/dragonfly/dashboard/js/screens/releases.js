// Every release pipeline run with the runbook's icons; a run opens to its steps and messages.
import { get, withQuery } from "../api.js";
import { h, mount } from "../dom.js";
import { dateTime, duration } from "../format.js";
import { setQuery } from "../router.js";
import { errorPanel, loading, pageHeader, pager, runStatus, statusDot, stepStatus, stepTone } from "../widgets.js";

function stepList(steps) {
  if (!steps || !steps.length) return h("p", { class: "muted", style: { padding: "0 14px" } }, "No steps recorded.");
  return h(
    "ol",
    { class: "steps" },
    [...steps]
      .sort((a, b) => a.position - b.position)
      .map((step) =>
        h(
          "li",
          { dataset: { status: step.status } },
          statusDot(stepTone(step.status)),
          h("strong", {}, step.name),
          h("span", { class: "step-status" }, stepStatus(step.status)),
          h("span", { class: "step-message" }, step.message || ""),
          h("span", { class: "num muted" }, duration(step.duration_ms)),
        ),
      ),
  );
}

function runItem(run, open) {
  const steps = [...(run.steps || [])].sort((a, b) => a.position - b.position);
  return h(
    "details",
    { class: "run", open, dataset: { runId: run.id, outcome: run.outcome } },
    h(
      "summary",
      {},
      h("div", {}, runStatus(run.outcome), h("div", { class: "run-meta" }, `${dateTime(run.started_at)} · ${duration(run.duration_ms)}`)),
      h(
        "div",
        {},
        h("div", {}, h("span", { class: "mono" }, (run.commit_sha || "").slice(0, 7) || "—"), ` by ${run.author || "unknown"}`, run.branch ? h("span", { class: "muted" }, ` on ${run.branch}`) : null),
        run.summary ? h("div", { class: "run-meta" }, run.summary) : null,
        run.failed_step ? h("div", { class: "run-meta" }, `Stopped at: ${run.failed_step}`) : null,
      ),
      h("div", { class: "step-strip", "aria-label": steps.map((st) => `${st.name}: ${st.status}`).join(", ") }, steps.map((st) => statusDot(stepTone(st.status), `${st.name}: ${st.status}`))),
    ),
    stepList(steps),
    run.run_url ? h("p", { style: { padding: "0 14px 12px", margin: 0 } }, h("a", { href: run.run_url, target: "_blank", rel: "noopener noreferrer" }, "View the run in CI ↗")) : null,
  );
}

export function render(root, ctx) {
  let query = { ...ctx.query };
  const openId = ctx.path[1] || null;
  const list = h("div", {});
  const legend = h(
    "p",
    { class: "legend" },
    ["success", "warnings", "failed", "cancelled", "running"].map((o) => runStatus(o)),
    stepStatus("skipped"),
  );
  async function load() {
    const page = Number(query.page) || 1;
    mount(list, loading());
    try {
      const data = await get(withQuery("/api/v1/releases", { page }));
      if (!data.items.length) return mount(list, h("p", { class: "empty" }, "No release has run yet."));
      const items = [...data.items];
      // A shared link to an older run opens it even when it is not on this page.
      if (openId && !items.some((run) => String(run.id) === openId)) {
        items.unshift(await get(`/api/v1/releases/${encodeURIComponent(openId)}`));
      }
      const isOpen = (run, i) => (openId ? String(run.id) === openId : i === 0 && page === 1);
      mount(list, items.map((run, i) => runItem(run, isOpen(run, i))), pager(page, data.page_size || 20, data.total, (p) => setQuery({ ...query, page: p })));
    } catch (error) {
      mount(list, errorPanel(error, load, "the release history"));
    }
  }
  mount(root, pageHeader("Releases", "Every run of the release pipeline: tests, database changes, deploys, notification."), legend, list);
  load();
  return {
    update(next) {
      query = { ...next.query };
      load();
    },
  };
}
