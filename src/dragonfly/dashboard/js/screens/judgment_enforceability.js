// How long the judgment stays enforceable and why (CPLR 211(b): twenty years from entry, or
// from a later payment or written acknowledgment), the acknowledgments on record, and for ops
// and admin a form to record one. An acknowledgment moves no money.
import { post } from "../api.js";
import { h } from "../dom.js";
import { date } from "../format.js";
import { card, dataTable, field, submitOnce, toast } from "../widgets.js";
import { todayInNewYork } from "../today.js";

function acknowledgmentForm(judgment, reload) {
  const today = todayInNewYork();
  const on = h("input", { type: "date", name: "acknowledged_on", required: true, min: judgment.entry_date, max: today, value: today });
  const note = h("input", { type: "text", name: "note", maxlength: 1000, placeholder: "e.g. signed payment plan letter" });
  const message = h("div", { class: "form-error", role: "alert", id: "acknowledgment-error" });
  const button = h("button", { type: "submit", class: "btn" }, "Record acknowledgment");
  const submit = submitOnce(button, message, async () => {
    if (!on.value) {
      on.focus();
      throw new Error("Give the date of the debtor's written acknowledgment.");
    }
    const made = await post(`/api/v1/judgments/${judgment.id}/acknowledgments`, { acknowledged_on: on.value, note: note.value.trim() });
    toast(`Acknowledgment recorded. Enforceable until ${date(made.enforceability.until)}.`);
    await reload();
  });
  return h(
    "form",
    { class: "acknowledgment-form", onsubmit: submit, style: { marginTop: "14px" } },
    h("div", { class: "form-grid" }, field("Acknowledged in writing on", on), field("What the writing is", note), button),
    message,
  );
}

export function enforceabilityCard(enforceability, acknowledgments, judgment, canWrite, reload) {
  if (!enforceability) return null;
  const list = acknowledgments || [];
  return card(
    "Enforceable until",
    h("div", { class: "big-number", id: "enforceable-until" }, date(enforceability.until)),
    h("p", { id: "enforceable-basis" }, enforceability.sentence),
    h("div", { class: "sub" }, enforceability.citation),
    list.length
      ? dataTable(
          [
            { label: "Written acknowledgment", cell: (a) => date(a.acknowledged_on) },
            { label: "Note", wrap: true, cell: (a) => a.note || "—" },
            { label: "Recorded by", cell: (a) => a.created_by },
          ],
          list,
        )
      : null,
    canWrite ? acknowledgmentForm(judgment, reload) : null,
  );
}
