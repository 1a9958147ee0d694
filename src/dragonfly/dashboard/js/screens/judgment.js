// One judgment: balance and how interest was computed, score and why, what to do next,
// how long it stays enforceable and why, deadlines, enforcement actions with their allowed moves, the ledger, and the audit trail.
import { get } from "../api.js";
import { h, mount } from "../dom.js";
import { count, date, dateTime, daysLeft, label, money } from "../format.js";
import { card, dataTable, errorPanel, loading, pageHeader, tierBadge } from "../widgets.js";
import { actionsCard } from "./judgment_actions.js";
import { debtorContactsCard, debtorFactsCard } from "./judgment_debtor.js";
import { enforceabilityCard } from "./judgment_enforceability.js";
import { ledgerCard } from "./judgment_ledger.js";
import { lienCard, ownerCard } from "./judgment_lien.js";
import { papersCard } from "./judgment_papers.js";
import { regimeControl, standingCard } from "./judgment_status.js";


// Paid beyond the balance: what is still owed back, that escrow has refunded it all, or that it
// refunded more than is now overpaid (a payment reversed or a cost added after the refund).
function overpaidNote(overpaid, refunded) {
  const cents = (value) => Math.round(Number(value || 0) * 100);
  const over = cents(overpaid);
  const back = cents(refunded);
  if (over <= 0 && back <= 0) return null;
  const owed = over - back;
  const dollars = (c) => money((c / 100).toFixed(2));
  let text = `Overpaid by ${money(overpaid)}: this is owed back to the debtor.`;
  if (owed < 0 && over <= 0) {
    text =
      `${money(refunded)} was refunded to the debtor from escrow, but nothing is paid beyond the balance ` +
      "any more (a payment reversed or a cost added since): check the ledger.";
  } else if (owed < 0) {
    text =
      `${money(refunded)} was refunded to the debtor from escrow, ${dollars(-owed)} more than the ` +
      `${money(overpaid)} now paid beyond the balance (a payment reversed or a cost added since): check the ledger.`;
  } else if (owed === 0) {
    text = `Overpaid by ${money(overpaid)}: refunded to the debtor from escrow.`;
  } else if (back > 0) {
    text = `Overpaid by ${money(overpaid)}: ${money(refunded)} refunded from escrow, ${dollars(owed)} still owed back to the debtor.`;
  }
  return h("p", { class: owed === 0 ? "overpaid refunded" : "overpaid", id: "overpaid" }, text);
}

function balanceCard(balance, refunded) {
  if (!balance) return card("Balance", h("p", { class: "muted" }, "The balance could not be computed."));
  const periods = balance.periods || [];
  return card(
    "Balance",
    h("div", { class: "big-number", id: "balance-amount" }, money(balance.balance)),
    h("div", { class: "muted" }, `as of ${date(balance.as_of)}`),
    h(
      "div",
      { class: "breakdown" },
      h("div", {}, h("span", {}, "Principal"), h("strong", {}, money(balance.principal))),
      h("div", {}, h("span", {}, "Interest"), h("strong", {}, money(balance.interest))),
      h("div", {}, h("span", {}, "Costs"), h("strong", {}, money(balance.costs))),
      h("div", {}, h("span", {}, "Paid"), h("strong", {}, money(balance.paid))),
    ),
    overpaidNote(balance.overpaid, refunded),
    periods.length
      ? h(
          "details",
          { open: periods.length <= 4 },
          h("summary", {}, `How interest was computed (${periods.length} period${periods.length === 1 ? "" : "s"})`),
          dataTable(
            [
              { label: "Period", cell: (p) => [h("div", {}, date(p.start)), h("div", { class: "sub" }, `to ${date(p.end)}`)] },
              { label: "Days", numeric: true, cell: (p) => count(p.days) },
              { label: "Rate", numeric: true, cell: (p) => `${p.rate}%` },
              { label: "On", numeric: true, cell: (p) => money(p.base) },
              { label: "Interest", numeric: true, cell: (p) => money(p.interest) },
            ],
            periods,
          ),
        )
      : null,
  );
}

function scoreCard(score) {
  if (!score) return card("Collectability", h("p", { class: "muted" }, "Not scored yet."));
  return card(
    "Collectability",
    h("div", { class: "row" }, h("span", { class: "big-number", id: "score-total" }, String(score.total)), h("span", { class: "muted" }, "/ 100"), tierBadge(score.tier)),
    h("div", { class: "muted" }, `Score ${score.version || ""} as of ${date(score.as_of)}`),
    dataTable(
      [
        { label: "Part", cell: (c) => label(c.name) },
        { label: "Points", numeric: true, cell: (c) => `${c.points} / ${c.max}` },
        { label: "", cell: (c) => h("div", { class: "score-bar", "aria-hidden": "true" }, h("div", { style: { width: `${c.max ? (c.points / c.max) * 100 : 0}%` } })) },
        { label: "Why", wrap: true, cell: (c) => c.reason || "" },
      ],
      score.components || [],
    ),
  );
}

function nextActionCard(next) {
  return card(
    "Next best action",
    next && next.action
      ? h("div", { class: "next-action" }, h("strong", {}, label(next.action)), h("p", { style: { margin: "4px 0 0" } }, next.reason || ""))
      : h("p", { class: "muted" }, (next && next.reason) || "Nothing to do on this judgment."),
  );
}

function deadlineClass(days) {
  if (days === null || days === undefined) return null;
  if (days < 0) return "overdue";
  if (days <= 7) return "soon";
  return null;
}

function deadlinesCard(deadlines) {
  return card(
    "Deadlines",
    dataTable(
      [
        { label: "Deadline", wrap: true, cell: (d) => [h("div", {}, label(d.name)), d.citation ? h("div", { class: "sub" }, d.citation) : null] },
        { label: "Due", cell: (d) => date(d.due_on) },
        { label: "Days left", cell: (d) => h("span", { class: deadlineClass(d.days_left) }, daysLeft(d.days_left)) },
      ],
      deadlines || [],
      { empty: "No deadlines." },
    ),
  );
}

function partiesCard(j, canWrite, reload) {
  const debtor = j.debtor || {};
  const rows = [
    ["Court", j.court_name],
    ["County", j.county_name || j.county_code],
    ["Entered", date(j.entry_date)],
    ["Principal", money(j.principal)],
    ["Interest rate", regimeControl(j, canWrite, reload)],
    ["Plaintiff", j.plaintiff ? h("a", { href: `#/plaintiffs/${j.plaintiff.id}` }, j.plaintiff.name) : "—"],
    ["Debtor", debtor.name || "—"],
    ["Debtor kind", label(debtor.kind)],
    ["Debtor address", debtor.address || "—"],
    ["Source", j.source || "—"],
  ];
  return card("Details", h("dl", { class: "kv" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v || "—")])));
}

// Each event as a sentence; what exactly changed (the raw before and after) one click away.
function auditCard(audit) {
  const raw = (a) =>
    h("details", { class: "audit-raw" }, h("summary", {}, "Before and after"), h("pre", { class: "mono" }, JSON.stringify({ before: a.before, after: a.after }, null, 2)));
  return card(
    "Audit trail",
    dataTable(
      [
        { label: "When", cell: (a) => dateTime(a.at) },
        { label: "What happened", wrap: true, cell: (a) => [h("div", {}, a.sentence), raw(a)] },
      ],
      audit || [],
      { empty: "No changes recorded." },
    ),
  );
}

export function render(root, ctx) {
  const id = ctx.path[1];
  async function load() {
    try {
      const data = await get(`/api/v1/judgments/${encodeURIComponent(id)}`);
      draw(data);
    } catch (error) {
      mount(root, pageHeader("Judgment"), errorPanel(error, () => { mount(root, loading()); load(); }, "this judgment"));
    }
  }
  function draw(data) {
    const j = data.judgment;
    mount(
      root,
      h("a", { href: "#/portfolio", class: "back" }, "‹ Portfolio"),
      pageHeader(j.index_number, `${j.court_name || ""}${j.plaintiff ? ` · ${j.plaintiff.name}` : ""}${j.debtor && j.debtor.name ? ` v. ${j.debtor.name}` : ""}`),
      h(
        "div",
        { class: "stack" },
        h("div", { class: "grid grid-2" }, balanceCard(data.balance, data.refunded_to_debtor), scoreCard(data.score)),
        h("div", { class: "grid grid-2" }, standingCard(data.standing, ctx.canWrite, load), nextActionCard(data.next_best_action)),
        enforceabilityCard(data.enforceability, data.acknowledgments, j, ctx.canWrite, load),
        lienCard(data.lien, j, ctx.canWrite, load),
        ownerCard(data.owner, j, ctx.canWrite, load),
        deadlinesCard(data.deadlines),
        actionsCard(data.actions || [], ctx.canWrite, j.id, load, data.standing.no_action_because),
        papersCard(j.id, ctx.canWrite, load),
        debtorFactsCard(data.debtor_assets, j.debtor, ctx.canWrite, load),
        debtorContactsCard(data.debtor_contacts, j.debtor, ctx.canWrite, load),
        ledgerCard(data.ledger, ctx.canWrite, j.id, load),
        partiesCard(j, ctx.canWrite, load),
        auditCard(data.audit),
      ),
    );
  }
  mount(root, loading("Loading the judgment…"));
  load();
}
