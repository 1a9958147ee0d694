// The judgment's lien on real property (CPLR 5203(a)): where it runs from, its transcripts
// docketed with county clerks, and for ops and admin a form to record one. A lower court's
// judgment (Civil, District, City, Town, Village) is a lien only once a transcript is docketed
// with a county clerk (CPLR 5018(a)): until then the card says so and names the step.
import { post, put } from "../api.js";
import { h } from "../dom.js";
import { date } from "../format.js";
import { card, dataTable, field, toast } from "../widgets.js";
import { todayInNewYork } from "../today.js";
import { vocabulary } from "../vocabulary.js";

function transcriptForm(judgment, reload) {
  const today = todayInNewYork();
  const county = h("input", { type: "text", name: "county", required: true, list: "lien-counties", autocomplete: "off", placeholder: "e.g. Queens" });
  const counties = h("datalist", { id: "lien-counties" }, ...vocabulary().counties.map((c) => h("option", { value: c })));
  const on = h("input", { type: "date", name: "docketed_on", required: true, min: judgment.entry_date, max: today, value: today });
  const note = h("input", { type: "text", name: "note", maxlength: 1000, placeholder: "e.g. clerk's docket number" });
  const message = h("div", { class: "form-error", role: "alert", id: "transcript-error" });
  const button = h("button", { type: "submit", class: "btn" }, "Record transcript");
  async function submit(event) {
    event.preventDefault();
    message.textContent = "";
    if (!county.value.trim()) {
      message.textContent = "Give the county whose clerk docketed the transcript.";
      county.focus();
      return;
    }
    if (!on.value) {
      message.textContent = "Give the day the county clerk docketed it.";
      on.focus();
      return;
    }
    button.disabled = true;
    try {
      const made = await post(`/api/v1/judgments/${judgment.id}/transcripts`, { county: county.value.trim(), docketed_on: on.value, note: note.value.trim() });
      toast(`Transcript recorded in ${made.transcript.county_name} County. Lien runs from ${date(made.lien.docketed_on)}.`);
      await reload();
    } catch (error) {
      message.textContent = error.message;
      button.disabled = false;
    }
  }
  return h(
    "form",
    { class: "transcript-form", onsubmit: submit, style: { marginTop: "14px" } },
    h("div", { class: "form-grid" }, field("Docketed with the clerk of (county)", county), field("Docketed on", on), field("Note", note), button),
    counties,
    message,
  );
}

export function lienCard(lien, judgment, canWrite, reload) {
  if (!lien) return null;
  const list = lien.transcripts || [];
  const summary = lien.docketed_on
    ? h("p", { id: "lien-basis" }, `Lien on real property runs ten years from the docketing on ${date(lien.docketed_on)} (CPLR 5203(a)).`)
    : h("p", { id: "lien-basis", class: "warn" }, lien.reason);
  return card(
    "Lien on real property",
    summary,
    list.length
      ? dataTable(
          [
            { label: "Transcript docketed in", cell: (t) => `${t.county_name} County` },
            { label: "On", cell: (t) => date(t.docketed_on) },
            { label: "Note", wrap: true, cell: (t) => t.note || "—" },
            { label: "Recorded by", cell: (t) => t.created_by },
          ],
          list,
        )
      : null,
    canWrite ? transcriptForm(judgment, reload) : null,
  );
}

// Who owns the judgment (their "my desk" shows its deadlines); ops and admin assign it.
export function ownerCard(owner, judgment, canWrite, reload) {
  const shown = h("p", { id: "judgment-owner" }, owner ? `Owned by ${owner}.` : "Nobody owns this judgment yet.");
  if (!canWrite) return card("Owner", shown);
  const email = h("input", { type: "email", name: "owner", value: owner || "", placeholder: "e.g. ops@firm.com", autocomplete: "off" });
  const message = h("div", { class: "form-error", role: "alert", id: "owner-error" });
  async function save(event) {
    event.preventDefault();
    message.textContent = "";
    try {
      const made = await put(`/api/v1/judgments/${judgment.id}/owner`, { owner: email.value.trim() || null });
      toast(made.owner ? `Assigned to ${made.owner}.` : "Unassigned.");
      await reload();
    } catch (error) {
      message.textContent = error.message;
    }
  }
  return card(
    "Owner",
    shown,
    h("form", { class: "owner-form form-grid", onsubmit: save }, field("Assign to (email; empty to unassign)", email), h("button", { type: "submit", class: "btn" }, "Assign")),
    message,
  );
}
