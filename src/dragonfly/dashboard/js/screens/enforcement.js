// The enforcement desk: every deadline over judgments and open actions (overdue, today, the next
// 7, 30 and 90 days), largest balance first, each with its next step and, for ops and admin,
// acknowledge or snooze with a reason; then judgments paid in full, and open actions by state.
import { get, post, withQuery } from "../api.js";
import { h, mount } from "../dom.js";
import { count, date, daysLeft, label, money } from "../format.js";
import { card, dataTable, errorPanel, field, loading, pageHeader, select, toast } from "../widgets.js";
import { todayInNewYork } from "../today.js";
import { vocabulary } from "../vocabulary.js";
import { makePapersPanel } from "./paper_runs.js";
import { calendarFeedCard } from "./calendar_feed.js";

const PER_STATE = 10;

const judgmentLink = (a) => h("a", { href: `#/judgments/${a.judgment_id}`, class: "mono" }, a.index_number || `#${a.judgment_id}`);

const WINDOWS = [
  ["overdue", "Overdue"],
  ["today", "Today"],
  ["next_7_days", "Next 7 days"],
  ["next_30_days", "Next 30 days"],
  ["next_90_days", "Next 90 days"],
];
const KINDS = [
  ["", "Any deadline"],
  ["judgment_expires", "Judgment expires"],
  ["lien_expires", "Lien lapses"],
  ["lien_renewal_window_opens", "Lien renewal window opens"],
  ["satisfaction_piece_due", "Satisfaction piece due"],
  ["answer_due", "Subpoena answer due"],
  ["debtor_notice_due", "Notice to debtor due"],
  ["return_due", "Execution return due"],
  ["levy_void", "Levy void (90 days)"],
  ["serve_employer_from", "Serve the employer"],
  ["restraint_lapses", "Restraining notice lapses"],
];
const kindLabel = (name) => (KINDS.find(([value]) => value === name) || [name, label(name)])[1];

// Acknowledge (done: off the desk) or snooze until a day, with a reason; audited by the server.
function dismissControl(item, reload) {
  const reason = h("input", { type: "text", name: "reason", maxlength: 1000, placeholder: "What was done, or why it waits", "aria-label": "Reason" });
  const until = h("input", { type: "date", name: "snoozed_until", min: todayInNewYork(), "aria-label": "Snooze until" });
  const message = h("div", { class: "form-error", role: "alert" });
  async function send(snooze) {
    message.textContent = "";
    if (!reason.value.trim()) {
      message.textContent = "Say why.";
      reason.focus();
      return;
    }
    if (snooze && !until.value) {
      message.textContent = "Pick the day to snooze until.";
      until.focus();
      return;
    }
    try {
      await post("/api/v1/desk/dismissals", {
        judgment_id: item.judgment_id,
        action_id: item.action_id,
        name: item.name,
        due_on: item.due_on,
        snoozed_until: snooze ? until.value : null,
        reason: reason.value.trim(),
      });
      toast(snooze ? `Snoozed until ${date(until.value)}.` : "Acknowledged.");
      await reload();
    } catch (error) {
      message.textContent = error.message;
    }
  }
  return h(
    "details",
    { class: "desk-dismiss" },
    h("summary", {}, "Acknowledge or snooze"),
    h(
      "div",
      { class: "stack-tight" },
      reason,
      h("button", { type: "button", class: "btn btn-small", onclick: () => send(false) }, "Acknowledge"),
      h("span", { class: "row" }, until, h("button", { type: "button", class: "btn btn-small", onclick: () => send(true) }, "Snooze")),
      message,
    ),
  );
}

function pickCell(d, chosen, changed) {
  return h("input", {
    type: "checkbox",
    class: "pick",
    "aria-label": `Tick ${d.index_number || d.judgment_id} for papers`,
    checked: chosen.has(d.judgment_id),
    dataset: { judgmentId: d.judgment_id },
    onchange: (e) => {
      e.target.checked ? chosen.add(d.judgment_id) : chosen.delete(d.judgment_id);
      changed();
    },
  });
}

function deskTable(page, canWrite, reload, chosen, changed) {
  const columns = [
    { label: "Due", cell: (d) => date(d.due_on) },
    { label: "When", cell: (d) => h("span", { class: d.days_left < 0 ? "overdue" : "soon" }, daysLeft(d.days_left)) },
    { label: "Deadline", cell: (d) => h("span", { title: d.citation }, kindLabel(d.name)) },
    { label: "Judgment", cell: judgmentLink },
    { label: "County", cell: (d) => d.county_name || "—" },
    { label: "At stake", numeric: true, cell: (d) => money(d.balance) },
    { label: "Owner", clip: true, cell: (d) => d.owner || "—" },
    { label: "Next step", wrap: true, cell: (d) => h("span", {}, d.next_step, " ", h("a", { href: `#/judgments/${d.judgment_id}` }, "Open")) },
  ];
  if (canWrite) {
    columns.unshift({ label: "Pick", cell: (d) => pickCell(d, chosen, changed) });
    columns.push({ label: "", cell: (d) => dismissControl(d, reload) });
  }
  const windowName = (WINDOWS.find(([value]) => value === page.window) || [page.window, page.window])[1];
  return [
    dataTable(columns, page.items, { empty: `Nothing on the desk for ${windowName.toLowerCase()}.`, rowAttrs: (d) => ({ class: "desk-row", dataset: { deadline: d.name } }) }),
    page.has_more ? h("p", { class: "muted" }, "More below the largest balances: narrow the filters.") : null,
  ];
}

function deskCard(ctx) {
  const box = h("div", { id: "desk" });
  const filters = {
    // A link such as the daily digest's (#/enforcement?window=overdue) opens on its window.
    window: select("window", WINDOWS, WINDOWS.some(([w]) => w === ctx.query?.window) ? ctx.query.window : "next_7_days"),
    kind: select("kind", KINDS, ""),
    county: h("input", { type: "text", name: "county", placeholder: "e.g. Kings", list: "desk-counties", autocomplete: "off" }),
    court: h("input", { type: "text", name: "court", placeholder: "e.g. CIV-KINGS or TOWN", autocomplete: "off" }),
    mine: h("input", { type: "checkbox", name: "mine" }),
  };
  const counties = h("datalist", { id: "desk-counties" }, ...vocabulary().counties.map((c) => h("option", { value: c })));
  // Ops and admin tick desk rows (their judgments, once each) to make papers for them in bulk.
  const chosen = new Set();
  const papers = ctx.canWrite ? makePapersPanel(() => [...chosen]) : null;
  const changed = () => {
    papers.refresh();
    for (const box of document.querySelectorAll("#desk input.pick")) box.checked = chosen.has(Number(box.dataset.judgmentId));
  };
  async function load() {
    mount(box, loading());
    try {
      const page = await get(withQuery("/api/v1/desk", {
        window: filters.window.value,
        kind: filters.kind.value || undefined,
        county: filters.county.value.trim() || undefined,
        court: filters.court.value.trim() || undefined,
        owner: filters.mine.checked ? "me" : undefined,
        page_size: 50,
      }));
      mount(box, deskTable(page, ctx.canWrite, load, chosen, changed));
      // On a phone each deadline becomes a card of label/value lines, as the Portfolio does.
      box.querySelector("table")?.classList.add("stack-mobile");
      box.querySelector(".table-wrap")?.classList.add("stack-mobile-wrap");
    } catch (error) {
      mount(box, errorPanel(error, load, "the deadlines"));
    }
  }
  for (const control of Object.values(filters)) control.addEventListener("change", load);
  load();
  return card(
    "Deadlines desk",
    h("p", { class: "muted" }, "Judgments, liens, satisfaction pieces and open actions by the day they fall due, largest balance first."),
    h(
      "form",
      { class: "form-grid desk-filters", onsubmit: (event) => { event.preventDefault(); load(); } },
      field("When", filters.window),
      field("Deadline", filters.kind),
      field("County", filters.county),
      field("Court or kind of court", filters.court),
      // Only ops and admin own work: "my desk" is theirs.
      ctx.canWrite ? h("label", { class: "check" }, filters.mine, " My desk: only what I own") : null,
      counties,
    ),
    papers ? h("div", { class: "row desk-papers" }, papers.open) : null,
    papers ? papers.panel : null,
    box,
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

export function render(root, ctx) {
  const paidBox = h("div", { id: "paid-in-full" });
  const stateBox = h("div", {});
  mount(
    root,
    pageHeader("Enforcement", "What is due, and the open enforcement actions."),
    h("div", { class: "stack" }, deskCard(ctx), calendarFeedCard(ctx), card("Paid in full: satisfy", paidBox), h("div", {}, h("h2", {}, "Open actions by state"), stateBox)),
  );

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

  loadPaid();
  loadStates();
}
