// The enforcement queue: what is overdue or due this week, then every open action by state.
import { get, withQuery } from "../api.js";
import { h, mount } from "../dom.js";
import { count, date, daysLeft, label, money } from "../format.js";
import { card, dataTable, errorPanel, loading, pageHeader } from "../widgets.js";
import { vocabulary } from "../vocabulary.js";
import { stateBadge } from "./judgment_actions.js";

const PER_STATE = 10;

const judgmentLink = (a) => h("a", { href: `#/judgments/${a.judgment_id}`, class: "mono" }, a.index_number || `#${a.judgment_id}`);

function dueTable(items) {
  const sorted = [...items].sort((a, b) => (a.days_left ?? 1e9) - (b.days_left ?? 1e9));
  return dataTable(
    [
      { label: "Due", cell: (a) => date(a.due_on) },
      { label: "When", cell: (a) => h("span", { class: a.days_left < 0 ? "overdue" : "soon" }, daysLeft(a.days_left)) },
      { label: "Judgment", cell: judgmentLink },
      { label: "Action", cell: (a) => label(a.kind) },
      { label: "State", cell: (a) => stateBadge(a.state) },
      { label: "Third party", clip: true, cell: (a) => a.third_party || "—" },
    ],
    sorted,
    { empty: "Nothing is overdue or due in the next 7 days." },
  );
}

// Active judgments whose payments have reached the balance: a person marks each satisfied, which
// starts the 20 days to file the satisfaction-piece (CPLR 5020).
function paidInFullTable(data) {
  return [
    dataTable(
      [
        { label: "Judgment", cell: (j) => h("a", { href: `#/judgments/${j.id}`, class: "mono" }, j.index_number) },
        { label: "Parties", clip: true, cell: (j) => `${j.plaintiff_name || "—"} v. ${j.debtor_name || "unknown debtor"}` },
        { label: "Balance", numeric: true, cell: (j) => money(j.balance) },
        { label: "", cell: (j) => h("a", { href: `#/judgments/${j.id}`, class: "btn btn-small" }, "Satisfy") },
      ],
      data.items,
      { empty: "No judgment is paid in full and waiting to be satisfied." },
    ),
    data.total > data.items.length ? h("p", { class: "muted" }, `and ${count(data.total - data.items.length)} more`) : null,
  ];
}

function stateColumn(state, data) {
  return card(
    null,
    h("div", { class: "row" }, h("h2", { class: "card-title", style: { margin: 0 } }, label(state)), h("span", { class: "spacer" }), h("span", { class: "badge", dataset: { count: data.total } }, count(data.total))),
    data.items.length
      ? h(
          "ul",
          { class: "plain-list" },
          data.items.map((a) =>
            h("li", {}, judgmentLink(a), " ", h("span", {}, label(a.kind)), a.due_on ? h("span", { class: "muted" }, ` · due ${date(a.due_on)}`) : null),
          ),
        )
      : h("p", { class: "muted" }, "None."),
    data.total > data.items.length ? h("p", { class: "muted" }, `and ${count(data.total - data.items.length)} more`) : null,
  );
}

export function render(root) {
  const dueBox = h("div", {});
  const paidBox = h("div", { id: "paid-in-full" });
  const stateBox = h("div", {});
  mount(
    root,
    pageHeader("Enforcement", "Open enforcement actions and the deadlines they run against."),
    h("div", { class: "stack" }, card("Overdue and due in the next 7 days", dueBox), card("Paid in full: satisfy", paidBox), h("div", {}, h("h2", {}, "Open actions by state"), stateBox)),
  );

  async function loadDue() {
    mount(dueBox, loading());
    try {
      const [overdue, soon] = await Promise.all([
        get(withQuery("/api/v1/actions", { due: "overdue", page_size: 100 })),
        get(withQuery("/api/v1/actions", { due: "next_7_days", page_size: 100 })),
      ]);
      mount(dueBox, dueTable([...overdue.items, ...soon.items]));
    } catch (error) {
      mount(dueBox, errorPanel(error, loadDue, "the due list"));
    }
  }

  async function loadStates() {
    mount(stateBox, loading());
    try {
      const open = vocabulary().open_action_states;
      const results = await Promise.all(open.map((state) => get(withQuery("/api/v1/actions", { state, page_size: PER_STATE }))));
      mount(stateBox, h("div", { class: "grid grid-3" }, open.map((state, i) => stateColumn(state, results[i]))));
    } catch (error) {
      mount(stateBox, errorPanel(error, loadStates, "the open actions"));
    }
  }

  async function loadPaid() {
    mount(paidBox, loading());
    try {
      const paid = await get(withQuery("/api/v1/judgments", { status: "active", balance_max: "0", page_size: 25 }));
      mount(paidBox, paidInFullTable(paid));
    } catch (error) {
      mount(paidBox, errorPanel(error, loadPaid, "the judgments paid in full"));
    }
  }

  loadDue();
  loadPaid();
  loadStates();
}
