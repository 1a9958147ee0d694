// What the firm knows about the debtor's assets and where to reach it: each fact with where and
// when it was learned, a form to record one (from a subpoena answer, the debtor, a public record
// or a vendor), and a way to retire one found no longer true (and to correct a contact typed
// wrong). The score and next step follow at once.
import { post } from "../api.js";
import { h } from "../dom.js";
import { date, label } from "../format.js";
import { badge, card, dataTable, field, reasonConfirm, select, submitOnce, toast } from "../widgets.js";
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
  const name = h("input", { type: "text", name: "name", maxlength: 200 });
  const address = h("input", { type: "text", name: "address", maxlength: 300 });
  const detail = h("input", { type: "text", name: "detail", maxlength: 1000 });
  const benefits = h("input", { type: "checkbox", name: "benefits_only" });
  const benefitsField = field("Benefits only", benefits, "Only exempt benefits are deposited");
  const source = select("source", vocabulary().fact_sources.map((s) => [s, label(s)]), "subpoena_answer");
  const learned = h("input", { type: "date", name: "learned_on", value: todayInNewYork(), required: true });
  const message = h("div", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "btn btn-primary" }, "Record fact");
  // What each kind's name, address and detail hold (the API takes the county or the make as
  // the name of real property or a vehicle).
  const HINTS = {
    bank: ["Bank", "Branch address", "Last 4 digits of the account, if known"],
    employer: ["Employer", "Payroll address", "Position, pay, if known"],
    real_property: ["County (e.g. Kings)", "Address", "Block and lot, if no address"],
    vehicle: ["Make and model", "Where it is kept", "Plate or VIN"],
    other_income: ["Payor", "Payor address", "What the income is"],
  };
  const fitKind = () => {
    benefitsField.hidden = kind.value !== "bank";
    [name.placeholder, address.placeholder, detail.placeholder] = HINTS[kind.value] || ["", "", ""];
  };
  kind.addEventListener("change", fitKind);
  fitKind();
  const submit = submitOnce(button, message, async () => {
    await post(`/api/v1/debtors/${debtorId}/assets`, {
      kind: kind.value,
      name: name.value.trim(),
      address: address.value.trim(),
      detail: detail.value.trim(),
      benefits_only: kind.value === "bank" && benefits.checked,
      source: source.value,
      learned_on: learned.value,
    });
    toast(`${label(kind.value)} recorded.`);
    await reload();
  });
  return h(
    "form",
    { class: "fact-form", onsubmit: submit, style: { marginTop: "14px" } },
    h("h3", {}, "Record what was learned"),
    h("div", { class: "form-grid" }, field("Kind", kind), field("Name", name), field("Address", address), field("Detail", detail), benefitsField, field("Source", source), field("Learned on", learned), button),
    message,
  );
}

export function debtorFactsCard(assets, debtor, canWrite, reload) {
  if (!debtor) return card("Debtor's assets", h("p", { class: "muted" }, "No debtor is recorded on this judgment."));
  const table = dataTable(
    [
      { label: "What", wrap: true, cell: (a) => [h("div", {}, label(a.kind), a.benefits_only ? " (benefits only)" : ""), a.name ? h("div", { class: "sub" }, a.name) : null, a.detail ? h("div", { class: "sub" }, a.detail) : null] },
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

function contactRetire(contact, debtorId, reload) {
  return reasonConfirm({
    openText: "Retire",
    confirmText: "Confirm",
    placeholder: "Why (e.g. moved away)",
    ariaLabel: `Reason for retiring ${contact.value}`,
    danger: true,
    onConfirm: async (reason) => {
      await post(`/api/v1/debtors/${debtorId}/contacts/${contact.id}/retire`, { reason });
      toast(`${label(contact.kind)} retired.`);
      await reload();
    },
  });
}

// A contact typed or heard wrong: the new value and what was wrong. The old one stays, retired.
function contactCorrect(contact, debtorId, reload) {
  const value = h("input", { type: "text", name: contact.kind, value: contact.value, maxlength: contact.kind === "phone" ? 40 : 300, "aria-label": `Corrected ${label(contact.kind).toLowerCase()}` });
  const reason = h("input", { type: "text", name: "reason", placeholder: "What was wrong", "aria-label": `Why ${contact.value} is corrected` });
  const message = h("span", { class: "form-error", role: "alert" });
  const save = h("button", { type: "button", class: "btn btn-small btn-primary" }, "Save correction");
  const row = h("span", { class: "row correct-row", hidden: true }, value, reason, save, message);
  const open = h("button", { type: "button", class: "btn btn-small" }, "Correct");
  open.addEventListener("click", () => {
    open.hidden = true;
    row.hidden = false;
    value.focus();
  });
  save.addEventListener("click", async () => {
    message.textContent = "";
    if (!reason.value.trim()) {
      message.textContent = "Say what was wrong.";
      reason.focus();
      return;
    }
    save.disabled = true;
    try {
      await post(`/api/v1/debtors/${debtorId}/contacts/${contact.id}/correct`, {
        kind: contact.kind,
        [contact.kind]: value.value.trim(),
        source: contact.source,
        learned_on: contact.learned_on,
        reason: reason.value.trim(),
      });
      toast(`${label(contact.kind)} corrected.`);
      await reload();
    } catch (error) {
      message.textContent = error.message;
      save.disabled = false;
    }
  });
  return h("span", {}, open, row);
}

function contactForm(debtorId, reload) {
  const kind = select("kind", vocabulary().contact_kinds.map((k) => [k, label(k)]), "address");
  const address = h("input", { type: "text", name: "address", maxlength: 300, placeholder: "123 Main St, Brooklyn, NY 11201" });
  const phone = h("input", { type: "tel", name: "phone", maxlength: 40, placeholder: "(212) 555-0100" });
  const addressField = field("Address", address);
  const phoneField = field("Phone", phone);
  const source = select("source", vocabulary().fact_sources.map((s) => [s, label(s)]), "subpoena_answer");
  const learned = h("input", { type: "date", name: "learned_on", value: todayInNewYork(), required: true });
  const message = h("div", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "btn btn-primary" }, "Record contact");
  const fitKind = () => {
    addressField.hidden = kind.value !== "address";
    phoneField.hidden = kind.value !== "phone";
  };
  kind.addEventListener("change", fitKind);
  fitKind();
  const submit = submitOnce(button, message, async () => {
    await post(`/api/v1/debtors/${debtorId}/contacts`, {
      kind: kind.value,
      address: kind.value === "address" ? address.value.trim() : "",
      phone: kind.value === "phone" ? phone.value.trim() : "",
      source: source.value,
      learned_on: learned.value,
    });
    toast(`${label(kind.value)} recorded.`);
    await reload();
  });
  return h(
    "form",
    { class: "contact-form", onsubmit: submit, style: { marginTop: "14px" } },
    h("h3", {}, "Record an address or phone"),
    h("div", { class: "form-grid" }, field("Contact", kind), addressField, phoneField, field("Source", source), field("Learned on", learned), button),
    message,
  );
}

export function debtorContactsCard(contacts, debtor, canWrite, reload) {
  if (!debtor) return null;
  const state = (c) => {
    if (!c.retired_on) return [badge("Current", "green"), c.replaces_id ? h("div", { class: "sub" }, "a correction") : null];
    return [badge("Retired", "neutral"), h("div", { class: "sub" }, `${date(c.retired_on)}: ${c.retired_reason || ""}`)];
  };
  const table = dataTable(
    [
      { label: "Contact", wrap: true, cell: (c) => [h("div", { class: "sub" }, label(c.kind)), h("div", {}, c.value)] },
      { label: "Learned", cell: (c) => [h("div", {}, date(c.learned_on)), h("div", { class: "sub" }, `from ${label(c.source).toLowerCase()}`), c.recorded_by ? h("div", { class: "sub" }, `by ${c.recorded_by}`) : null] },
      { label: "State", wrap: true, cell: state },
      ...(canWrite ? [{ label: "", wrap: true, cell: (c) => (c.retired_on ? "" : h("div", { class: "row" }, contactCorrect(c, debtor.id, reload), contactRetire(c, debtor.id, reload))) }] : []),
    ],
    contacts || [],
    { empty: "No address or phone has been recorded beyond the judgment's own." },
  );
  return card("Debtor's addresses and phones", table, canWrite ? contactForm(debtor.id, reload) : null);
}
