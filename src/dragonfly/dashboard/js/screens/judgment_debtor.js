// What the firm knows about the debtor's assets: each fact with where and when it was learned,
// a form to record one (from a subpoena answer, the debtor, a public record or a vendor), and a
// way to retire one found no longer true. The score and next step follow at once.
import { post } from "../api.js";
import { h } from "../dom.js";
import { date, label } from "../format.js";
import { badge, card, dataTable, field, reasonConfirm, select, toast } from "../widgets.js";
import { todayInNewYork } from "../today.js";
import { vocabulary } from "../vocabulary.js";

function retireControl(asset, reload) {
  return reasonConfirm({
    openText: "Retire",
    confirmText: "Confirm",
    placeholder: "Why (e.g. account closed)",
    ariaLabel: `Reason for retiring ${label(asset.kind)}`,
    danger: true,
    onConfirm: async (reason) => {
      await post(`/api/v1/debtors/${asset.debtor_id}/assets/${asset.id}/retire`, { reason });
      toast(`${label(asset.kind)} retired.`);
      await reload();
    },
  });
}

function factForm(debtorId, reload) {
  const kinds = vocabulary().asset_kinds;
  const kind = select("kind", kinds.map((k) => [k, label(k)]), "bank");
  const name = h("input", { type: "text", name: "name", maxlength: 200, placeholder: "Bank, employer or payor" });
  const address = h("input", { type: "text", name: "address", maxlength: 300, placeholder: "Branch or payroll address" });
  const benefits = h("input", { type: "checkbox", name: "benefits_only" });
  const benefitsField = field("Benefits only", benefits, "Only exempt benefits are deposited");
  const source = select("source", vocabulary().fact_sources.map((s) => [s, label(s)]), "subpoena_answer");
  const learned = h("input", { type: "date", name: "learned_on", value: todayInNewYork(), required: true });
  const message = h("div", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "btn btn-primary" }, "Record fact");
  const fitKind = () => { benefitsField.hidden = kind.value !== "bank"; };
  kind.addEventListener("change", fitKind);
  fitKind();
  async function submit(event) {
    event.preventDefault();
    message.textContent = "";
    button.disabled = true;
    try {
      await post(`/api/v1/debtors/${debtorId}/assets`, {
        kind: kind.value,
        name: name.value.trim(),
        address: address.value.trim(),
        benefits_only: kind.value === "bank" && benefits.checked,
        source: source.value,
        learned_on: learned.value,
      });
      toast(`${label(kind.value)} recorded.`);
      await reload();
    } catch (error) {
      message.textContent = error.message;
      button.disabled = false;
    }
  }
  return h(
    "form",
    { class: "fact-form", onsubmit: submit, style: { marginTop: "14px" } },
    h("h3", {}, "Record what was learned"),
    h("div", { class: "form-grid" }, field("Kind", kind), field("Name", name), field("Address", address), benefitsField, field("Source", source), field("Learned on", learned), button),
    message,
  );
}

export function debtorFactsCard(assets, debtor, canWrite, reload) {
  if (!debtor) return card("Debtor's assets", h("p", { class: "muted" }, "No debtor is recorded on this judgment."));
  const table = dataTable(
    [
      { label: "What", wrap: true, cell: (a) => [h("div", {}, label(a.kind), a.benefits_only ? " (benefits only)" : ""), a.name ? h("div", { class: "sub" }, a.name) : null] },
      { label: "Where", wrap: true, cell: (a) => a.address || "—" },
      { label: "Learned", cell: (a) => [h("div", {}, date(a.learned_on)), h("div", { class: "sub" }, `from ${label(a.source).toLowerCase()}`)] },
      { label: "State", wrap: true, cell: (a) => (a.retired_on ? [badge("Retired", "neutral"), h("div", { class: "sub" }, `${date(a.retired_on)}: ${a.retired_reason || ""}`)] : badge("Current", "green")) },
      ...(canWrite ? [{ label: "", cell: (a) => (a.retired_on ? "" : retireControl({ ...a, debtor_id: debtor.id }, reload)) }] : []),
    ],
    assets || [],
    { empty: "Nothing is known about the debtor's assets yet." },
  );
  return card("Debtor's assets", table, canWrite ? factForm(debtor.id, reload) : null);
}
