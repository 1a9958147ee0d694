// Clients: money collected for each client (plaintiff), what the escrow account holds for them
// and for the firm, their statements, their terms (admins edit), closing a month (admins) and the
// three-way reconciliation of the escrow account (ops and admins).
import { get, post, withQuery } from "../api.js";
import { h, mount } from "../dom.js";
import { date, label, money } from "../format.js";
import { todayInNewYork } from "../today.js";
import { vocabulary } from "../vocabulary.js";
import { badge, card, dataTable, errorPanel, field, loading, pageHeader, select, submitOnce, toast } from "../widgets.js";

// Words for the server's vocabularies (GET /api/v1/vocabulary); an unknown value shows as itself.
const WORDS = {
  absorbed: "Absorbed by the firm",
  recovered_first: "Recovered first from collections",
  billed: "Billed to the client",
  net: "Net (fee kept from escrow)",
  gross: "Gross (fee invoiced)",
};
const options = (values) => values.map((v) => [v, WORDS[v] || label(v)]);

const terms = (c) => (c.fee_percent === null ? badge("No agreement", "amber") : `${c.fee_percent}% · ${label(c.remittance)} · costs ${label(c.cost_handling).toLowerCase()} · ${label(c.cadence).toLowerCase()}`);

function statementLinks(c, period) {
  const base = `/api/v1/clients/${c.plaintiff_id}/statements/${period}`;
  return h(
    "span",
    { class: "row" },
    h("a", { href: `${base}/pdf`, class: "btn btn-small", download: `statement-${c.plaintiff_id}-${period}.pdf` }, "PDF"),
    h("a", { href: `${base}/csv`, class: "btn btn-small", download: `statement-${c.plaintiff_id}-${period}.csv` }, "CSV"),
  );
}

function clientsTable(clients, period) {
  const columns = [
    { label: "Client", cell: (c) => h("a", { href: `#/plaintiffs/${c.plaintiff_id}` }, c.client) },
    { label: "Owed to client", numeric: true, cell: (c) => money(c.owed_to_client) },
    { label: "Owed to firm", numeric: true, cell: (c) => money(c.owed_to_firm) },
    { label: "Collected this month", numeric: true, cell: (c) => money(c.collected_this_period) },
    { label: "Refunds held", numeric: true, cell: (c) => money(c.owed_to_debtors) },
    { label: "Fees earned", numeric: true, cell: (c) => money(c.fees) },
    { label: "Terms", wrap: true, cell: terms },
    { label: "Statement", cell: (c) => statementLinks(c, period) },
  ];
  return dataTable(columns, clients, { empty: "No client has an agreement or money yet." });
}

function agreementForm(plaintiffs, reload) {
  const client = select("plaintiff_id", plaintiffs.map((p) => [String(p.id), p.name]), plaintiffs.length ? String(plaintiffs[0].id) : "");
  const fee = h("input", { type: "text", name: "fee_percent", inputmode: "decimal", placeholder: "33.33", required: true });
  const from = h("input", { type: "date", name: "effective_on", value: todayInNewYork(), required: true });
  const words = vocabulary();
  const costs = select("cost_handling", options(words.cost_handlings), "absorbed");
  const remittance = select("remittance", options(words.remittance_bases), "net");
  const cadence = select("cadence", options(words.remittance_cadences), "monthly");
  const message = h("div", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "btn btn-primary" }, "Save terms");
  const submit = submitOnce(button, message, async () => {
    await post(`/api/v1/clients/${client.value}/agreements`, {
      effective_on: from.value,
      fee_percent: fee.value.trim(),
      cost_handling: costs.value,
      remittance: remittance.value,
      cadence: cadence.value,
    });
    toast("Terms saved; they apply to payments from that date.");
    await reload();
  });
  return h(
    "form",
    { onsubmit: submit },
    h("div", { class: "form-grid" }, field("Client", client), field("Fee %", fee), field("From", from), field("Costs", costs), field("Remittance", remittance), field("Cadence", cadence), button),
    message,
  );
}

function closeForm(reload) {
  const month = h("input", { type: "month", name: "period", value: todayInNewYork().slice(0, 7), required: true });
  const message = h("div", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "btn btn-danger" }, "Close month and remit");
  const submit = submitOnce(button, message, async () => {
    if (!window.confirm(`Close ${month.value}? Each client is paid what escrow holds for them, and the month can never be changed again.`)) {
      button.disabled = false;
      return;
    }
    const result = await post(`/api/v1/remittances/${month.value}/close`);
    toast(`${month.value} closed: ${result.statements.length} statements.`);
    await reload();
  });
  return h("form", { onsubmit: submit }, h("div", { class: "form-grid" }, field("Month", month), button), message);
}

function reconcileForm() {
  const bank = h("input", { type: "text", name: "bank_balance", inputmode: "decimal", placeholder: "Bank statement balance", required: true });
  const asOf = h("input", { type: "date", name: "as_of", value: todayInNewYork(), required: true });
  const message = h("div", { class: "form-error", role: "alert" });
  const result = h("div", {});
  const button = h("button", { type: "submit", class: "btn btn-primary" }, "Reconcile");
  const submit = submitOnce(button, message, async () => {
    const r = await post("/api/v1/trust/reconciliations", { bank_balance: bank.value.trim().replace(/[$,]/g, ""), as_of: asOf.value });
    const rows = [
      ["Bank statement", money(r.bank_balance)],
      ["Book balance (trust journal)", money(r.book_balance)],
      ["Sum of client ledgers", money(r.client_ledgers)],
      ["Result", r.balanced ? badge("Balanced", "green") : badge(`${r.differences.length} difference(s)`, "red")],
    ];
    const differences = dataTable(
      [
        { label: "Line", cell: (d) => d.line },
        { label: "Difference", numeric: true, cell: (d) => money(d.difference) },
        { label: "Figures", wrap: true, cell: (d) => Object.entries(d).filter(([k]) => !["line", "difference"].includes(k)).map(([k, v]) => `${label(k)} ${money(v)}`).join(" · ") },
      ],
      r.differences,
      { empty: "No differences." },
    );
    const figures = h("dl", { class: "kv", style: { marginTop: "12px" } }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
    mount(result, figures, r.balanced ? null : differences);
    button.disabled = false;
  });
  return h("div", {}, h("form", { onsubmit: submit }, h("div", { class: "form-grid" }, field("Bank balance ($)", bank), field("As of", asOf), button), message), result);
}

const AGREEMENT_COLUMNS = [
  { label: "Client", cell: (a) => a.plaintiff },
  { label: "From", cell: (a) => date(a.effective_on) },
  { label: "Fee", numeric: true, cell: (a) => `${a.fee_percent}%` },
  { label: "Costs", cell: (a) => label(a.cost_handling) },
  { label: "Remittance", cell: (a) => label(a.remittance) },
  { label: "Cadence", cell: (a) => label(a.cadence) },
  { label: "Set by", cell: (a) => a.created_by },
];

export function render(root, ctx) {
  async function load() {
    mount(root, pageHeader("Clients"), loading());
    try {
      const [data, agreements, plaintiffs] = await Promise.all([
        get("/api/v1/clients/money"),
        get("/api/v1/clients/agreements"),
        ctx.isAdmin ? get(withQuery("/api/v1/plaintiffs", { page_size: 500 })) : Promise.resolve({ items: [] }),
      ]);
      const closed = data.closed_through ? `Closed through ${data.closed_through}.` : "No month closed yet.";
      mount(
        root,
        pageHeader("Clients", `Money collected for each client, held in escrow until the month is remitted. ${closed}`),
        h(
          "div",
          { class: "stack" },
          card(`Clients and amounts owed · statements for ${data.period}`, clientsTable(data.clients, data.period)),
          ctx.canWrite ? card("Three-way reconciliation", reconcileForm()) : null,
          ctx.isAdmin ? card("Close a month", closeForm(load)) : null,
          ctx.isAdmin && plaintiffs.items.length ? card("Set a client's terms", agreementForm(plaintiffs.items, load)) : null,
          card("Agreements (history)", dataTable(AGREEMENT_COLUMNS, agreements, { empty: "No agreements yet." })),
        ),
      );
    } catch (error) {
      mount(root, pageHeader("Clients"), errorPanel(error, load, "client money"));
    }
  }
  load();
}
