// Changing the interest rate of the judgments a Portfolio filter selects: preview how many would
// change and by how much in total, then confirm with a reason. The server refuses a change whose
// selection no longer matches the preview.
import { post, withQuery } from "../api.js";
import { h, mount } from "../dom.js";
import { countOf, money } from "../format.js";
import { field, select, toast } from "../widgets.js";

const RATES = [["consumer", "Consumer rate (2%)"], ["standard", "Standard rate (9%)"]];

export function regimePanel(filters, reload) {
  const target = select("regime", RATES, "consumer");
  const outcome = h("div", { class: "regime-outcome", role: "status" });
  const message = h("div", { class: "form-error", role: "alert" });
  const previewButton = h("button", { type: "button", class: "btn" }, "Preview");
  const panel = h(
    "div",
    { class: "card regime-panel", hidden: true },
    h("h3", {}, "Change the interest rate of these judgments"),
    h("div", { class: "form-grid" }, field("Change to", target), h("div", { class: "row nowrap" }, previewButton)),
    outcome,
    message,
  );
  const open = h("button", { type: "button", class: "btn", onclick: () => { panel.hidden = !panel.hidden; } }, "Change interest rate…");

  // A preview holds for the rate it was made for: choosing another rate asks for a new preview.
  target.addEventListener("change", () => {
    message.textContent = "";
    mount(outcome);
  });

  async function preview() {
    message.textContent = "";
    mount(outcome);
    previewButton.disabled = true;
    const regime = target.value;
    try {
      const seen = await post(withQuery("/api/v1/judgments/interest-regime/preview", filters), { regime });
      previewButton.disabled = false;
      if (!seen.judgments) {
        mount(outcome, h("p", { class: "muted" }, "None of these judgments would change: they already accrue at that rate."));
        return;
      }
      const reason = h("input", { type: "text", name: "reason", required: true, maxlength: 1000, placeholder: "e.g. credit-card debts of individuals" });
      const apply = h("button", { type: "button", class: "btn btn-primary" }, `Change ${countOf(seen.judgments, "judgment")}`);
      apply.addEventListener("click", async () => {
        if (!reason.value.trim()) {
          message.textContent = "Say why the rate changes.";
          reason.focus();
          return;
        }
        apply.disabled = true;
        try {
          const done = await post(withQuery("/api/v1/judgments/interest-regime", filters), { regime, reason: reason.value.trim(), expected: seen.judgments, selection: seen.selection });
          toast(`${countOf(done.judgments, "judgment")} now accrue at the ${regime} rate.`);
          panel.hidden = true;
          await reload();
        } catch (error) {
          message.textContent = error.message;
          apply.disabled = false;
        }
      });
      mount(
        outcome,
        h("p", { id: "regime-preview" }, `${countOf(seen.judgments, "judgment")} would change. Their balances total ${money(seen.balance_before)} now and ${money(seen.balance_after)} after (${money(seen.change)}).`),
        h("div", { class: "form-grid" }, field("Reason", reason), h("div", { class: "row nowrap" }, apply)),
      );
    } catch (error) {
      message.textContent = error.message;
      previewButton.disabled = false;
    }
  }
  previewButton.addEventListener("click", preview);
  return { open, panel };
}
