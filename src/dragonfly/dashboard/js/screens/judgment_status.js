// Where a judgment stands (active, satisfied, vacated, on hold, expired), since when and why,
// and a form to move it, with a reason, to one of the statuses the server allows from here.
import { post } from "../api.js";
import { h } from "../dom.js";
import { date, label, money } from "../format.js";
import { badge, card, field, reasonConfirm, select, submitOnce, toast } from "../widgets.js";
import { todayInNewYork } from "../today.js";
import { vocabulary } from "../vocabulary.js";

const TONE = { active: "blue", satisfied: "green", vacated: "neutral", on_hold: "amber", expired: "red" };
const MOVE_WORD = { satisfied: "Mark satisfied", vacated: "Mark vacated", on_hold: "Put on hold", active: "Make active again" };

function facts(standing) {
  const rows = [];
  if (standing.status_on && standing.status !== "active") rows.push(["Since", date(standing.status_on)]);
  if (standing.hold_until) rows.push(["On hold until", date(standing.hold_until)]);
  if (standing.status_reason) rows.push(["Reason", standing.status_reason]);
  if (standing.satisfaction_filed_on) rows.push(["Satisfaction piece", `filed ${date(standing.satisfaction_filed_on)}`]);
  if (standing.interest_stopped_on) rows.push(["Interest", `stopped on ${date(standing.interest_stopped_on)} at ${money(standing.balance)}`]);
  if (standing.status === "vacated") rows.push(["Owed", "Nothing: a vacated judgment cannot be collected. The balance shows what stood when it was vacated."]);
  return rows.length ? h("dl", { class: "kv" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])) : null;
}

function changeForm(standing, reload) {
  const moves = standing.allowed_moves || [];
  if (!moves.length) return h("p", { class: "muted" }, "Its status is set by the rules and cannot be changed by hand.");
  const target = select("status", moves.map((s) => [s, MOVE_WORD[s] || label(s)]), moves[0]);
  const reason = h("input", { type: "text", name: "reason", required: true, maxlength: 1000, placeholder: "e.g. paid in full by check 1042" });
  const when = h("input", { type: "date", name: "on", value: todayInNewYork() });
  const whenField = field("Date", when);
  const message = h("div", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "btn btn-primary" }, "Change status");
  function fitDate() {
    // Satisfied and vacated happened on a day (interest stops then); a hold runs until a day.
    const hold = target.value === "on_hold";
    whenField.querySelector("label").textContent = hold ? "Until" : "Date";
    whenField.hidden = target.value === "active";
    when.value = hold ? "" : todayInNewYork();
  }
  target.addEventListener("change", fitDate);
  async function submit(event) {
    event.preventDefault();
    message.textContent = "";
    if (!reason.value.trim()) {
      message.textContent = "Say why the status changes.";
      reason.focus();
      return;
    }
    const body = { status: target.value, reason: reason.value.trim() };
    if (target.value === "on_hold") body.until = when.value || null;
    else if (target.value !== "active") body.on = when.value || null;
    button.disabled = true;
    try {
      await post(`/api/v1/judgments/${standing.judgment_id}/status`, body);
      toast(`Judgment is now ${label(target.value).toLowerCase()}.`);
      await reload();
    } catch (error) {
      message.textContent = error.message;
      button.disabled = false;
    }
  }
  const form = h(
    "form",
    { class: "status-form", onsubmit: submit, style: { marginTop: "14px" } },
    h("div", { class: "form-grid" }, field("Change to", target), field("Reason", reason), whenField, button),
    message,
  );
  fitDate();
  return form;
}

// A satisfied judgment's satisfaction piece, once filed with the clerk, meets its deadline.
function filedForm(standing, reload) {
  const when = h("input", { type: "date", name: "filed_on", value: todayInNewYork(), min: standing.status_on, max: todayInNewYork(), "aria-label": "Filed on" });
  const message = h("div", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "btn btn-small" }, "Record the filing");
  return h(
    "form",
    {
      class: "satisfaction-filed-form",
      style: { marginTop: "14px" },
      onsubmit: submitOnce(button, message, async () => {
        await post(`/api/v1/judgments/${standing.judgment_id}/satisfaction-filed`, { filed_on: when.value || null });
        toast("Satisfaction piece filing recorded: its deadline is met.");
        await reload();
      }),
    },
    h("div", { class: "form-grid" }, field("Satisfaction piece filed on", when), button),
    message,
  );
}

export function standingCard(standing, canWrite, reload) {
  const unfiled = standing.status === "satisfied" && !standing.satisfaction_filed_on;
  return card(
    "Status",
    h("div", { class: "row" }, badge(label(standing.status), TONE[standing.status] || "neutral")),
    facts(standing),
    canWrite && unfiled ? filedForm(standing, reload) : null,
    canWrite ? changeForm(standing, reload) : null,
  );
}

// The judgment's interest rate, with a control to move it between 9% and 2% with a reason.
export function regimeControl(judgment, canWrite, reload) {
  const rates = vocabulary().interest_rates_percent;
  const shown = `${label(judgment.interest_regime)} (${rates[judgment.interest_regime]}%)`;
  if (!canWrite) return shown;
  const other = judgment.interest_regime === "consumer" ? "standard" : "consumer";
  const change = reasonConfirm({
    openText: "Change",
    confirmText: `Change to ${label(other).toLowerCase()} (${rates[other]}%)`,
    placeholder: "Why (e.g. credit-card debt)",
    ariaLabel: "Reason for the rate change",
    onConfirm: async (reason) => {
      const done = await post(`/api/v1/judgments/${judgment.id}/interest-regime`, { regime: other, reason });
      toast(`Now at the ${other} rate; balance ${money(done.balance_before)} → ${money(done.balance_after)}.`);
      await reload();
    },
  });
  return h("span", { class: "row" }, h("span", {}, shown), change);
}
