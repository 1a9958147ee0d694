// The papers made for one judgment: each version with its download, and (ops, admin) a form to
// make one as of today. A refusal shows the server's sentence naming what is missing.
import { get, post } from "../api.js";
import { h, mount } from "../dom.js";
import { date, dateTime } from "../format.js";
import { card, field, select, toast } from "../widgets.js";
import { paperName, vocabulary } from "../vocabulary.js";
import { todayInNewYork } from "../today.js";

// Making a paper moves nothing; a person says when it was served or mailed, and only that moves
// its action forward (to served). Once recorded it is shown, never changed.
function servedLine(paper, canWrite, reload) {
  if (paper.served) {
    return h("div", { class: "served-note" }, `${paper.served.how === "mailed" ? "Mailed" : "Served"} on ${date(paper.served.on)} · confirmed by ${paper.served.by}`);
  }
  if (!canWrite) return h("div", { class: "muted served-note" }, "Not yet confirmed served or mailed.");
  const how = select("how", [["served", "Served"], ["mailed", "Mailed"]], "served");
  how.setAttribute("aria-label", "Served or mailed");
  const on = h("input", { type: "date", name: "on", value: todayInNewYork(), max: todayInNewYork(), min: paper.as_of, "aria-label": "Day served or mailed" });
  const message = h("div", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "btn btn-small" }, "Confirm");
  return h(
    "details",
    { class: "served-confirm" },
    h("summary", {}, "Served or mailed on…"),
    h(
      "form",
      {
        class: "row",
        onsubmit: async (event) => {
          event.preventDefault();
          message.textContent = "";
          button.disabled = true;
          try {
            await post(`/api/v1/papers/${paper.id}/served`, { how: how.value, on: on.value });
            toast(`${paperName(paper.kind)} confirmed ${how.value} on ${date(on.value)}; its action moved to served.`);
            await reload();
          } catch (error) {
            message.textContent = error.message;
          } finally {
            button.disabled = false;
          }
        },
      },
      how,
      h("span", {}, "on"),
      on,
      button,
    ),
    message,
  );
}

function paperRow(paper, canWrite, reload) {
  return h(
    "li",
    { dataset: { paperId: paper.id, kind: paper.kind } },
    h("div", { class: "row" },
      h("strong", {}, `${paperName(paper.kind)} · version ${paper.version}`),
      h("a", { href: paper.download, class: "btn btn-small", download: paper.filename }, "Download PDF"),
    ),
    h("div", { class: "muted", style: { fontSize: "0.86rem", marginTop: "4px" } },
      `As of ${date(paper.as_of)} · ${paper.pages} page${paper.pages === 1 ? "" : "s"} · made by ${paper.created_by} ${dateTime(paper.created_at)} · SHA-256 ${paper.sha256.slice(0, 12)}…`),
    servedLine(paper, canWrite, reload),
  );
}

function makeForm(judgmentId, reload) {
  const kind = select("paper_kind", (vocabulary().paper_kinds || []).map((k) => [k, paperName(k)]), "income_execution");
  const message = h("div", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "btn" }, "Make paper");
  return h(
    "form",
    {
      class: "make-paper",
      style: { marginTop: "14px" },
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = "";
        button.disabled = true;
        try {
          const paper = await post(`/api/v1/judgments/${judgmentId}/papers`, { kind: kind.value });
          toast(`${paperName(paper.kind)} version ${paper.version} made.`);
          await reload();
        } catch (error) {
          message.textContent = error.message;
        } finally {
          button.disabled = false;
        }
      },
    },
    h("h3", {}, "Make a paper as of today"),
    h("div", { class: "form-grid" }, field("Paper", kind), button),
    message,
  );
}

// `onServed` redraws the whole page: confirming moves the paper's action (the actions card).
export function papersCard(judgmentId, canWrite, onServed = null) {
  const list = h("div", {}, h("p", { class: "muted" }, "Loading papers…"));
  async function reload() {
    try {
      const papers = await get(`/api/v1/judgments/${judgmentId}/papers`);
      mount(list, papers.length ? h("ol", { class: "timeline papers" }, papers.map((p) => paperRow(p, canWrite, onServed || reload))) : h("p", { class: "muted" }, "No papers made yet."));
    } catch (error) {
      mount(list, h("p", { class: "form-error" }, error.message));
    }
  }
  reload();
  const section = card("Papers", list, canWrite ? makeForm(judgmentId, reload) : null);
  section.classList.add("papers-card");
  return section;
}
