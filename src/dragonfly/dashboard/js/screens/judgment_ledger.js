// The ledger of one judgment: entries are never edited or deleted. A mistake is undone with a
// reversing entry (with a reason), and the same amount twice on one day is confirmed first.
import { post } from "../api.js";
import { h } from "../dom.js";
import { date, dateTime, label, money } from "../format.js";
import { card, dataTable, field, reasonConfirm, select, toast } from "../widgets.js";
import { todayInNewYork } from "../today.js";

async function record(judgmentId, body) {
  return post(`/api/v1/judgments/${judgmentId}/ledger`, body);
}

// A reversal is an entry of the same kind and the opposite amount, dated today, with a reason.
function reverseControl(entry, judgmentId, reload) {
  return reasonConfirm({
    openText: "Reverse",
    confirmText: "Confirm reversal",
    placeholder: "Why (e.g. typed twice)",
    ariaLabel: `Reason for reversing entry ${entry.id}`,
    danger: true,
    onConfirm: async (reason) => {
      await record(judgmentId, {
        kind: entry.kind,
        amount: String(-Number(entry.amount)),
        effective_on: todayInNewYork(),
        memo: `Reversal of entry ${entry.id}: ${reason}`,
        reverses_id: entry.id,
      });
      toast(`${label(entry.kind)} of ${money(entry.amount)} reversed.`);
      await reload();
    },
  });
}

export function ledgerCard(ledger, canWrite, judgmentId, reload) {
  const entries = ledger || [];
  const reversed = new Set(entries.filter((e) => e.reverses_id).map((e) => e.reverses_id));
  const columns = [
    { label: "Date", cell: (e) => date(e.effective_on) },
    { label: "Kind", cell: (e) => label(e.kind) },
    { label: "Amount", numeric: true, cell: (e) => money(e.amount) },
    { label: "Memo", wrap: true, cell: (e) => [e.memo || "", reversed.has(e.id) ? h("div", { class: "sub" }, "reversed") : null] },
    { label: "Recorded by", cell: (e) => `${e.created_by || ""} · ${dateTime(e.created_at)}` },
  ];
  if (canWrite) {
    columns.push({ label: "", cell: (e) => (e.reverses_id || reversed.has(e.id) ? "" : reverseControl(e, judgmentId, reload)) });
  }
  const table = dataTable(columns, entries, { empty: "No payments or costs recorded yet." });
  return card("Ledger", table, canWrite ? ledgerForm(judgmentId, reload) : null);
}

function ledgerForm(judgmentId, reload) {
  const kind = select("kind", [["payment", "Payment received"], ["cost", "Cost incurred"], ["adjustment", "Adjustment"]], "payment");
  const amount = h("input", { type: "text", name: "amount", inputmode: "decimal", placeholder: "0.00", required: true });
  const effective = h("input", { type: "date", name: "effective_on", value: todayInNewYork(), required: true });
  const memo = h("input", { type: "text", name: "memo", placeholder: "e.g. check #1042" });
  // A payment the debtor made to the client directly: it earns the fee, billed to the client.
  const direct = h("input", { type: "checkbox", name: "direct" });
  const message = h("div", { class: "form-error", role: "alert" });
  const again = h("button", { type: "button", class: "btn btn-small", hidden: true }, "Record it again");
  const button = h("button", { type: "submit", class: "btn btn-primary" }, "Record");
  async function send(confirmDuplicate) {
    const text = amount.value.trim().replace(/[$,]/g, "");
    button.disabled = true;
    again.hidden = true;
    try {
      const body = { kind: kind.value, amount: text, effective_on: effective.value, memo: memo.value.trim() };
      if (confirmDuplicate) body.confirm_duplicate = true;
      if (direct.checked && kind.value === "payment") body.direct = true;
      await record(judgmentId, body);
      toast(`${label(kind.value)} of ${money(text)} recorded.`);
      await reload();
    } catch (error) {
      message.textContent = error.message;
      // The same amount on the same day: say so, and let the clerk record it again on purpose.
      again.hidden = error.code !== "possible_duplicate";
      button.disabled = false;
    }
  }
  // "Record it again" re-checks the form as it is now, like the first Record did.
  again.addEventListener("click", () => {
    if (valid()) send(true);
  });
  function valid() {
    message.textContent = "";
    const text = amount.value.trim().replace(/[$,]/g, "");
    const pattern = kind.value === "adjustment" ? /^-?\d+(\.\d{1,2})?$/ : /^\d+(\.\d{1,2})?$/;
    if (!pattern.test(text) || /^-?0+(\.0+)?$/.test(text)) {
      message.textContent = "Enter an amount in dollars and cents, for example 250.00.";
      amount.focus();
      return false;
    }
    return true;
  }
  function submit(event) {
    event.preventDefault();
    if (valid()) send(false);
  }
  return h(
    "form",
    { class: "ledger-form", onsubmit: submit, style: { marginTop: "14px" } },
    h("h3", {}, "Record a payment or cost"),
    h("div", { class: "form-grid" }, field("Kind", kind), field("Amount ($)", amount), field("Date", effective), field("Memo", memo), field("Paid to the client directly", direct), button),
    message,
    again,
  );
}
