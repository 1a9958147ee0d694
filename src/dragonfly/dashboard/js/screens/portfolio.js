// The whole portfolio as one filterable, sortable, paged table. Every filter lives in the URL
// (#/portfolio?tier=A&sort=-score&page=2) so a view can be bookmarked and shared.
import { get, withQuery } from "../api.js";
import { h, mount } from "../dom.js";
import { vocabulary } from "../vocabulary.js";
import { regimePanel } from "./portfolio_regime.js";
import { makePapersPanel } from "./paper_runs.js";
import { countOf, date, label, money } from "../format.js";
import { navigate, setQuery } from "../router.js";
import { dataTable, errorPanel, field, loading, pageHeader, pager, select, tierBadge } from "../widgets.js";

const FILTER_KEYS = ["q", "status", "tier", "county", "court", "balance_min", "balance_max", "score_min", "score_max", "interest_regime", "likely_consumer", "sort"];
const PAGE_SIZE = 50;
const SORTS = [
  ["-balance", "Balance, highest first"],
  ["balance", "Balance, lowest first"],
  ["-score", "Score, highest first"],
  ["score", "Score, lowest first"],
  ["-entry_date", "Entered, newest first"],
  ["entry_date", "Entered, oldest first"],
  ["index_number", "Index number"],
];
const TIERS = [["", "Any tier"], ...["A", "B", "C", "D", "F"].map((t) => [t, `Tier ${t}`])];

// Two facts per cell where they belong together, so the table fits 1280 px without scrolling.
// Each cell holds one element: on a phone (stack-mobile) every row becomes a card of label/value
// lines, the label beside its value, names wrapping instead of being cut.
const COLUMNS = [
  {
    label: "Case",
    cell: (j) => h(
      "div",
      {},
      h("a", { href: `#/judgments/${j.id}`, class: "mono" }, j.index_number),
      h("div", { class: "sub clip-line", title: j.court_name || "" }, j.court_name || "—"),
    ),
  },
  { label: "County", cell: (j) => j.county_name || j.county_code || "—" },
  { label: "Entered", cell: (j) => date(j.entry_date) },
  {
    label: "Parties",
    cell: (j) => h(
      "div",
      {},
      h("div", { class: "clip-line", title: j.plaintiff_name || "" }, j.plaintiff_name || "—"),
      h("div", { class: "sub clip-line", title: j.debtor_name || "" }, `v. ${j.debtor_name || "unknown debtor"}`),
    ),
  },
  {
    label: "Balance",
    numeric: true,
    cell: (j) => h(
      "div",
      {},
      h("strong", {}, money(j.balance)),
      Number(j.overpaid) > 0 ? h("div", { class: "sub overpaid-note" }, `overpaid ${money(j.overpaid)}`) : null,
      h("div", { class: "sub" }, `principal ${money(j.principal)}`),
    ),
  },
  {
    label: "Score",
    numeric: true,
    cell: (j) => h(
      "span",
      { class: "score-tier" },
      j.score === null || j.score === undefined ? "—" : String(j.score),
      tierBadge(j.tier),
    ),
  },
  { label: "Status", cell: (j) => label(j.status) },
];

function filtersOf(query) {
  const filters = {};
  for (const key of FILTER_KEYS) if (query[key]) filters[key] = query[key];
  return filters;
}

export function render(root, ctx) {
  let query = { ...ctx.query };
  let searchTimer = null;
  const controls = {
    q: h("input", { type: "search", name: "q", placeholder: "Index number, plaintiff or debtor", autocomplete: "off" }),
    status: select("status", [["", "Any status"], ...vocabulary().judgment_statuses.map((v) => [v, label(v)])], ""),
    tier: select("tier", TIERS, ""),
    county: h("input", { type: "text", name: "county", placeholder: "e.g. Kings or Brooklyn", list: "pf-counties", autocomplete: "off" }),
    court: h("input", { type: "text", name: "court", placeholder: "e.g. Supreme or Kings Supreme", list: "pf-courts", autocomplete: "off" }),
    balance_min: h("input", { type: "number", name: "balance_min", min: 0, step: "0.01", placeholder: "Min $", "aria-label": "Balance from" }),
    balance_max: h("input", { type: "number", name: "balance_max", min: 0, step: "0.01", placeholder: "Max $", "aria-label": "Balance to" }),
    score_min: h("input", { type: "number", name: "score_min", min: 0, max: 100, placeholder: "Min", "aria-label": "Score from" }),
    score_max: h("input", { type: "number", name: "score_max", min: 0, max: 100, placeholder: "Max", "aria-label": "Score to" }),
    interest_regime: select("interest_regime", [["", "Any rate"], ["standard", "Standard (9%)"], ["consumer", "Consumer (2%)"]], ""),
    likely_consumer: select("likely_consumer", [["", "All judgments"], ["true", "Likely consumer debt at 9%"]], ""),
    sort: select("sort", SORTS, "-balance"),
  };
  // Pick lists from the court registry: the counties, the kinds of court, and the courts of the
  // county chosen (fetched when it changes; a person may still type anything).
  const countyList = h("datalist", { id: "pf-counties" }, ...vocabulary().counties.map((c) => h("option", { value: c })));
  const courtList = h("datalist", { id: "pf-courts" });
  let courtsFor = null;
  async function fillCourts() {
    const county = (query.county || "").trim();
    if (county === courtsFor) return;
    courtsFor = county;
    const kinds = Object.values(vocabulary().court_kinds);
    let courts = [];
    if (county) {
      try {
        courts = (await get(withQuery("/api/v1/courts", { county }))).filter((c) => !c.legacy).map((c) => c.name);
      } catch {
        courts = []; // an unknown county: the list says why
      }
    }
    if (courtsFor === county) mount(courtList, ...[...kinds, ...courts].map((v) => h("option", { value: v })));
  }
  const results = h("div", { class: "results" });
  // Ops and admin tick judgments (kept across pages and filters) to make papers for them in bulk.
  const chosen = new Set();
  const papers = ctx.canWrite ? makePapersPanel(() => [...chosen]) : null;
  const chosenCount = h("span", { class: "muted", id: "portfolio-chosen" });
  function choiceChanged() {
    chosenCount.textContent = chosen.size ? `${countOf(chosen.size, "judgment")} ticked` : "";
    papers.refresh();
  }
  function pickColumn(items) {
    const all = h("input", {
      type: "checkbox",
      "aria-label": "Tick every judgment on this page",
      checked: items.length > 0 && items.every((j) => chosen.has(j.id)),
      onchange: (e) => {
        for (const j of items) e.target.checked ? chosen.add(j.id) : chosen.delete(j.id);
        for (const box of results.querySelectorAll("input.pick")) box.checked = e.target.checked;
        choiceChanged();
      },
    });
    const column = {
      label: "Pick",
      cell: (j) => h("input", {
        type: "checkbox",
        class: "pick",
        "aria-label": `Tick ${j.index_number}`,
        checked: chosen.has(j.id),
        dataset: { judgmentId: j.id },
        onchange: (e) => { e.target.checked ? chosen.add(j.id) : chosen.delete(j.id); choiceChanged(); },
      }),
    };
    return { all, column };
  }
  const exportLink = h("a", { class: "btn", download: "judgments.csv" }, "⇩ Export CSV");

  function syncControls() {
    for (const [key, control] of Object.entries(controls)) {
      if (document.activeElement === control) continue;
      control.value = query[key] || (key === "sort" ? "-balance" : "");
    }
    exportLink.href = withQuery("/api/v1/judgments/export.csv", filtersOf(query));
  }

  function applyFilters({ replace = false } = {}) {
    const next = {};
    for (const [key, control] of Object.entries(controls)) {
      const value = control.value.trim();
      if (value && !(key === "sort" && value === "-balance")) next[key] = value;
    }
    setQuery(next, { replace });
  }

  for (const [key, control] of Object.entries(controls)) {
    if (key === "q") {
      control.addEventListener("input", () => {
        clearTimeout(searchTimer);
        searchTimer = setTimeout(() => applyFilters({ replace: true }), 300);
      });
    } else {
      control.addEventListener("change", () => applyFilters());
    }
  }

  const form = h(
    "form",
    { class: "card filters", role: "search", onsubmit: (e) => { e.preventDefault(); clearTimeout(searchTimer); applyFilters(); } },
    h(
      "div",
      { class: "form-grid" },
      h("div", { class: "field", style: { gridColumn: "span 2" } }, h("label", { for: "pf-q" }, "Search"), Object.assign(controls.q, { id: "pf-q" })),
      field("Status", controls.status),
      field("Tier", controls.tier),
      field("County", controls.county),
      field("Court", controls.court),
      h("div", { class: "field" }, h("span", { class: "field-label" }, h("label", { for: "pf-bmin" }, "Balance ($)")), h("div", { class: "range" }, Object.assign(controls.balance_min, { id: "pf-bmin" }), controls.balance_max)),
      h("div", { class: "field" }, h("label", { for: "pf-smin" }, "Score (0–100)"), h("div", { class: "range" }, Object.assign(controls.score_min, { id: "pf-smin" }), controls.score_max)),
      field("Interest rate", controls.interest_regime),
      field("Review", controls.likely_consumer),
      field("Sort by", controls.sort),
      h("div", { class: "row nowrap" }, h("button", { type: "submit", class: "btn btn-primary" }, "Apply"), h("a", { href: "#/portfolio", class: "btn btn-ghost" }, "Clear")),
    ),
  );

  let token = 0;
  async function load() {
    const mine = ++token;
    const page = Math.max(1, Number(query.page) || 1);
    mount(results, loading("Loading judgments…"));
    try {
      const data = await get(withQuery("/api/v1/judgments", { ...filtersOf(query), page, page_size: PAGE_SIZE }));
      if (mine !== token) return;
      const regime = ctx.canWrite && data.total ? regimePanel(filtersOf(query), load) : null;
      const pick = papers ? pickColumn(data.items) : null;
      mount(
        results,
        h("div", { class: "result-bar" }, pick ? h("label", { class: "check" }, pick.all, " This page") : null, h("strong", { id: "portfolio-total", title: data.total_is_estimate ? "Counted approximately: the filters match a very large number of judgments." : null }, `${data.total_is_estimate ? "About " : ""}${countOf(data.total, "judgment")}`), chosenCount, h("span", { class: "spacer" }), papers ? papers.open : null, regime ? regime.open : null, exportLink),
        papers ? papers.panel : null,
        regime ? regime.panel : null,
        dataTable(pick ? [pick.column, ...COLUMNS] : COLUMNS, data.items, {
          empty: "No judgments match these filters.",
          rowAttrs: (j) => ({ class: "clickable", onclick: (e) => { if (!e.target.closest("a, input, label")) navigate(["judgments", String(j.id)]); } }),
        }),
        pager(data.page || page, data.page_size || PAGE_SIZE, data.total, (p) => setQuery({ ...query, page: p })),
      );
      if (papers) choiceChanged();
      results.querySelector("table").classList.add("stack-mobile");
      results.querySelector(".table-wrap").classList.add("stack-mobile-wrap");
    } catch (error) {
      if (mine === token) mount(results, errorPanel(error, load, "the portfolio"));
    }
  }

  mount(root, pageHeader("Portfolio", "Every judgment, with its current balance and collectability score."), form, countyList, courtList, results);
  syncControls();
  fillCourts();
  load();

  return {
    update(next) {
      query = { ...next.query };
      syncControls();
      fillCourts();
      load();
    },
    destroy() {
      clearTimeout(searchTimer);
    },
  };
}
