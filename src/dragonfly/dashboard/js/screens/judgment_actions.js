// The enforcement actions on one judgment: a timeline with a button per allowed next state.
import { post } from "../api.js";
import { h } from "../dom.js";
import { date, dateTime, label } from "../format.js";
import { badge, card, field, select, toast } from "../widgets.js";
import { todayInNewYork } from "../today.js";
import { vocabulary } from "../vocabulary.js";

const MOVE_WORD = {
  issued: "Mark issued",
  served: "Mark served",
  answered: "Mark answered",
  levied: "Mark levied",
  withholding: "Mark withholding",
  completed: "Complete",
  failed: "Mark failed",
  expired: "Mark expired",
  cancelled: "Cancel",
};

export function stateBadge(state) {
  const tone = state === "completed" ? "green" : state === "failed" || state === "expired" ? "red" : state === "cancelled" ? "neutral" : "blue";
  return badge(label(state), tone);
}

function moveButtons(action, reload, message, when) {
  return (action.allowed_transitions || []).map((target) =>
    h(
      "button",
      {
        type: "button",
        class: `btn btn-small${["failed", "cancelled", "expired"].includes(target) ? " btn-danger" : ""}`,
        dataset: { target },
        onclick: async (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          message.textContent = "";
          try {
            await post(`/api/v1/actions/${action.id}/transition`, { to_state: target, on: when.value || null });
            toast(`${label(action.kind)} moved to ${label(target).toLowerCase()}.`);
            await reload();
          } catch (error) {
            const allowed = error.details && error.details.allowed;
            message.textContent = allowed ? `${error.message} Allowed now: ${allowed.map(label).join(", ") || "none"}.` : error.message;
            button.disabled = false;
          }
        },
      },
      MOVE_WORD[target] || label(target),
    ),
  );
}

// Papers are often served or answered days before someone records it: the date is editable.
function movesRow(action, reload, message) {
  const when = h("input", { type: "date", name: "on", value: todayInNewYork(), "aria-label": "Date of this step", class: "move-date" });
  return h("div", { class: "row action-moves", style: { marginTop: "8px" } }, h("span", { class: "muted" }, "On"), when, moveButtons(action, reload, message, when));
}

// An answered subpoena is only useful once what it revealed is recorded: point to that form,
// with the source already set to the subpoena's answer.
function revealedPrompt() {
  const goTo = (selector) => () => {
    const form = document.querySelector(selector);
    if (!form) return;
    form.querySelector('select[name="source"]').value = "subpoena_answer";
    form.scrollIntoView({ behavior: "smooth", block: "center" });
    form.querySelector('select[name="kind"]').focus();
  };
  return h(
    "p",
    { class: "revealed row" },
    "Answered: ",
    h("button", { type: "button", class: "btn btn-small", onclick: goTo("form.fact-form") }, "Record what it revealed"),
    h("button", { type: "button", class: "btn btn-small", onclick: goTo("form.contact-form") }, "Record an address or phone"),
  );
}

function actionItem(action, canWrite, reload) {
  const message = h("div", { class: "form-error", role: "alert" });
  const dates = [
    ["Created", action.created_on],
    ["Issued", action.issued_on],
    ["Served", action.served_on],
    ["Due", action.due_on],
    ["Returned", action.returned_on],
  ].filter(([, value]) => value);
  return h(
    "li",
    { dataset: { actionId: action.id, state: action.state } },
    h("div", { class: "row" }, h("strong", {}, label(action.kind)), stateBadge(action.state), action.third_party ? h("span", { class: "muted" }, `· ${action.third_party}`) : null),
    h("div", { class: "muted", style: { fontSize: "0.86rem", marginTop: "4px" } }, dates.map(([k, v]) => `${k} ${date(v)}`).join(" · ")),
    canWrite && !vocabulary().closed_action_states.includes(action.state) && (action.allowed_transitions || []).length ? movesRow(action, reload, message) : null,
    canWrite && action.kind === "information_subpoena" && action.state === "answered" ? revealedPrompt() : null,
    message,
    (action.history || []).length
      ? h("ul", { class: "history" }, action.history.map((step) => h("li", {}, `${dateTime(step.at)} · ${step.from_state ? `${label(step.from_state)} → ` : ""}${label(step.to_state)} · ${step.actor}${step.note ? ` · ${step.note}` : ""}`)))
      : null,
  );
}

function newActionForm(judgmentId, reload) {
  const kind = select("kind", vocabulary().action_kinds.map((k) => [k, label(k)]), "information_subpoena");
  const thirdParty = h("input", { type: "text", name: "third_party", placeholder: "Bank, employer, marshal…" });
  // CPLR 5222(c): a second restraining notice to the same person needs an order granting leave.
  const leave = h("input", { type: "text", name: "leave_of_court", placeholder: "Order date and court, if a second notice" });
  const leaveField = field("Leave of court", leave);
  const fitLeave = () => { leaveField.hidden = kind.value !== "restraining_notice"; };
  kind.addEventListener("change", fitLeave);
  fitLeave();
  const message = h("div", { class: "form-error", role: "alert" });
  return h(
    "form",
    {
      class: "new-action",
      style: { marginTop: "14px" },
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = "";
        try {
          const body = { kind: kind.value, third_party: thirdParty.value.trim() || null };
          if (kind.value === "restraining_notice" && leave.value.trim()) body.leave_of_court = leave.value.trim();
          await post(`/api/v1/judgments/${judgmentId}/actions`, body);
          toast(`${label(kind.value)} started as a draft.`);
          await reload();
        } catch (error) {
          message.textContent = error.message;
        }
      },
    },
    h("h3", {}, "Start an enforcement action"),
    h("div", { class: "form-grid" }, field("Kind", kind), field("Third party", thirdParty), leaveField, h("button", { type: "submit", class: "btn" }, "Start action")),
    message,
  );
}

export function actionsCard(actions, canWrite, judgmentId, reload, noActionBecause) {
  let start = null;
  if (canWrite) start = noActionBecause ? h("p", { class: "muted", id: "no-new-action" }, noActionBecause) : newActionForm(judgmentId, reload);
  return card(
    "Enforcement actions",
    actions.length
      ? h("ol", { class: "timeline" }, actions.map((a) => actionItem(a, canWrite, reload)))
      : h("p", { class: "muted" }, "No enforcement actions yet."),
    start,
  );
}
