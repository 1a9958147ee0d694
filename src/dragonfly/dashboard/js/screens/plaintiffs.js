// Plaintiffs (our clients): who to call next and why, a searchable list, and one plaintiff's
// judgments.
import { get, withQuery } from "../api.js";
import { h, mount } from "../dom.js";
import { vocabulary } from "../vocabulary.js";
import { count, date, label, money } from "../format.js";
import { navigate, setQuery } from "../router.js";
import { badge, card, dataTable, errorPanel, field, loading, pageHeader, pager, select, tierBadge } from "../widgets.js";

const STATUS_TONE = { signed: "green", qualified: "blue", declined: "neutral", do_not_contact: "red" };

const nameLink = (p) => h("a", { href: `#/plaintiffs/${p.id}` }, p.name);
const contact = (p) => [p.phone, p.email].filter(Boolean).join(" · ") || "—";

const LIST_COLUMNS = [
  { label: "Plaintiff", cell: nameLink },
  { label: "Status", cell: (p) => badge(label(p.status), STATUS_TONE[p.status] || "amber") },
  { label: "Contact", cell: contact },
  { label: "Judgments", numeric: true, cell: (p) => count(p.judgments) },
  { label: "Total balance", numeric: true, cell: (p) => money(p.total_balance) },
];

const QUEUE_COLUMNS = [
  { label: "Plaintiff", cell: nameLink },
  { label: "Why call", wrap: true, cell: (p) => p.reason || "" },
  { label: "Phone", cell: (p) => (p.phone ? h("a", { href: `tel:${p.phone}` }, p.phone) : "—") },
  { label: "Judgments", numeric: true, cell: (p) => count(p.judgments) },
  { label: "Total balance", numeric: true, cell: (p) => money(p.total_balance) },
];

function listScreen(root, ctx) {
  let query = { ...ctx.query };
  const queueBox = h("div", {});
  const listBox = h("div", {});
  const search = h("input", { type: "search", name: "q", placeholder: "Name, phone or email", value: query.q || "" });
  const status = select("status", [["", "Any status"], ...vocabulary().plaintiff_statuses.map((v) => [v, label(v)])], query.status || "");
  const apply = (event) => {
    if (event) event.preventDefault();
    setQuery({ q: search.value.trim(), status: status.value });
  };
  status.addEventListener("change", apply);

  async function loadQueue() {
    mount(queueBox, loading());
    try {
      const data = await get("/api/v1/plaintiffs/call-queue");
      mount(queueBox, dataTable(QUEUE_COLUMNS, data.items, { empty: "Nobody to call right now." }));
    } catch (error) {
      mount(queueBox, errorPanel(error, loadQueue, "the call queue"));
    }
  }

  async function loadList() {
    const page = Number(query.page) || 1;
    mount(listBox, loading());
    try {
      const data = await get(withQuery("/api/v1/plaintiffs", { q: query.q, status: query.status, page }));
      mount(
        listBox,
        dataTable(LIST_COLUMNS, data.items, { empty: "No plaintiffs match." }),
        pager(page, data.page_size || 50, data.total, (p) => setQuery({ ...query, page: p })),
      );
    } catch (error) {
      mount(listBox, errorPanel(error, loadList, "the plaintiffs"));
    }
  }

  mount(
    root,
    pageHeader("Plaintiffs", "Our clients: who to call next, and everyone on file."),
    h(
      "div",
      { class: "stack" },
      card("Call queue", queueBox),
      card(
        "All plaintiffs",
        h("form", { class: "form-grid", role: "search", onsubmit: apply, style: { marginBottom: "12px" } }, field("Search", search), field("Status", status), h("button", { type: "submit", class: "btn" }, "Search")),
        listBox,
      ),
    ),
  );
  loadQueue();
  loadList();
  return {
    update(next) {
      query = { ...next.query };
      loadList();
    },
  };
}

const JUDGMENT_COLUMNS = [
  { label: "Index number", cell: (j) => h("a", { href: `#/judgments/${j.id}`, class: "mono" }, j.index_number) },
  { label: "Court", clip: true, cell: (j) => j.court_name || "—" },
  { label: "Entered", cell: (j) => date(j.entry_date) },
  { label: "Debtor", clip: true, cell: (j) => j.debtor_name || "—" },
  { label: "Balance", numeric: true, cell: (j) => money(j.balance) },
  { label: "Tier", cell: (j) => tierBadge(j.tier) },
  { label: "Status", cell: (j) => label(j.status) },
];

function detailScreen(root, id) {
  async function load() {
    mount(root, loading());
    try {
      const data = await get(`/api/v1/plaintiffs/${encodeURIComponent(id)}`);
      const p = data.plaintiff;
      const address = [p.street, p.city, p.state, p.zip].filter(Boolean).join(", ");
      const rows = [
        ["Status", badge(label(p.status), STATUS_TONE[p.status] || "amber")],
        ["Phone", p.phone ? h("a", { href: `tel:${p.phone}` }, p.phone) : "—"],
        ["Email", p.email ? h("a", { href: `mailto:${p.email}` }, p.email) : "—"],
        ["Best way to reach", p.best_contact_method || "—"],
        ["Address", address || "—"],
      ];
      mount(
        root,
        h("a", { href: "#/plaintiffs", class: "back" }, "‹ Plaintiffs"),
        pageHeader(p.name, `${count((data.judgments || []).length)} judgments`),
        h(
          "div",
          { class: "stack" },
          card("Contact", h("dl", { class: "kv" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))),
          card("Judgments", dataTable(JUDGMENT_COLUMNS, data.judgments || [], { empty: "No judgments for this plaintiff.", rowAttrs: (j) => ({ class: "clickable", onclick: (e) => { if (e.target.tagName !== "A") navigate(["judgments", String(j.id)]); } }) })),
        ),
      );
    } catch (error) {
      mount(root, pageHeader("Plaintiff"), errorPanel(error, load, "this plaintiff"));
    }
  }
  load();
}

export function render(root, ctx) {
  if (ctx.path[1]) return detailScreen(root, ctx.path[1]);
  return listScreen(root, ctx);
}
