// The CEO's page: the numbers with their green/amber/red status, three charts, the last release.
import { get } from "../api.js";
import { collectedChart, funnel, tierChart } from "../charts.js";
import { h, mount } from "../dom.js";
import { count, dateTime, duration, label, money, percent } from "../format.js";
import { card, dataTable, errorPanel, loading, pageHeader, runStatus } from "../widgets.js";

const STATUS_TEXT = { green: "On track", amber: "Watch", red: "Needs attention", unavailable: "Unavailable" };

function metricValue(metric) {
  if (metric.status === "unavailable" || metric.value === null || metric.value === undefined) {
    return "Not available";
  }
  if (metric.unit === "money") return money(metric.value);
  if (metric.unit === "percent") return percent(metric.value);
  return count(metric.value);
}

function metricCard(metric) {
  const status = metric.value === null || metric.value === undefined ? "unavailable" : metric.status;
  return h(
    "article",
    { class: `metric metric-${status}`, dataset: { key: metric.key, status } },
    h("div", { class: "metric-label" }, metric.label),
    h("div", { class: "metric-value" }, metricValue(metric)),
    h(
      "div",
      { class: "metric-foot" },
      h("span", { class: `badge badge-${status === "unavailable" ? "neutral" : status}` }, STATUS_TEXT[status] || status),
      metric.detail ? h("span", { class: "metric-detail" }, metric.detail) : null,
    ),
  );
}

function lastRelease(run) {
  if (!run) return h("p", { class: "muted" }, "No release has been recorded yet.");
  return h(
    "div",
    { class: "release-card" },
    runStatus(run.outcome),
    h("span", { class: "mono" }, (run.commit_sha || "").slice(0, 7) || "—"),
    h("span", {}, run.author || "unknown author"),
    h("span", { class: "muted" }, `${dateTime(run.started_at)} · ${duration(run.duration_ms)}`),
    run.summary ? h("span", { class: "muted" }, run.summary) : null,
    h("a", { href: `#/releases/${run.id}` }, "Open run"),
  );
}

// Liquidation rate per placement month: what each month's placements have returned so far.
function liquidationTable(months) {
  return dataTable(
    [
      { label: "Placed in", cell: (m) => m.month.slice(0, 7) },
      { label: "Judgments", numeric: true, cell: (m) => count(m.judgments) },
      { label: "Face placed", numeric: true, cell: (m) => money(m.placed) },
      { label: "Collected", numeric: true, cell: (m) => money(m.collected) },
      { label: "Liquidation", numeric: true, cell: (m) => (m.rate === null ? "—" : `${m.rate}%`) },
    ],
    months,
  );
}

function chartOrEmpty(items, draw, emptyText) {
  return items && items.length ? draw(items) : h("p", { class: "empty" }, emptyText);
}

function draw(data) {
  const charts = data.charts || {};
  return [
    h("div", { class: "metrics", id: "metrics" }, (data.metrics || []).map(metricCard)),
    h(
      "div",
      { class: "grid grid-2" },
      card("Money kept per week (refunds owed excluded)", chartOrEmpty(charts.collected_by_week, collectedChart, "No payments recorded yet.")),
      card("Balance by tier (judgments under each letter)", chartOrEmpty(charts.by_tier, tierChart, "No scored judgments yet.")),
      card("Enforcement funnel", chartOrEmpty(charts.funnel, (stages) => funnel(stages, label), "No enforcement actions yet.")),
      card("Liquidation rate by placement month (collected / placed)", chartOrEmpty(charts.liquidation_by_month, liquidationTable, "No judgments placed in the last 12 months.")),
      card("Last release", lastRelease(data.last_release)),
    ),
  ];
}

export function render(root) {
  const body = h("div", {});
  mount(root, pageHeader("Overview", "Money under management, collections, and what needs attention."), body);
  const load = async () => {
    mount(body, loading("Loading the numbers…"));
    try {
      mount(body, ...draw(await get("/api/v1/overview")));
    } catch (error) {
      mount(body, errorPanel(error, load, "the overview"));
    }
  };
  load();
}
