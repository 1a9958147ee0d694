// Intake's mapping step: before a file is sent, the server says which source it matches. When
// none does (or the user chooses to map it), each field gets a pick list of the file's headers,
// pre-filled with the best guess, a date format, and a preview of the first rows as they will be
// read. Saving makes a firm source (stored on the server, detected next time) and imports the file.
import { post } from "../api.js";
import { h, mount } from "../dom.js";
import { toast } from "../widgets.js";

// For new judgments whose row states no rate; a rate the file states always wins, and existing
// judgments keep theirs.
const REGIMES = [
  ["standard", "Standard (9%)"],
  ["consumer", "Consumer (2%)"],
];
// Shown first; the other fields sit under "More fields".
const MAIN_FIELDS = ["index_number", "entry_date", "principal", "plaintiff_name", "court", "county", "debtor_name", "costs", "interest_regime"];

const LABELS = {
  index_number: "Index / case number",
  court: "Court",
  county: "County",
  state: "State",
  entry_date: "Date entered",
  principal: "Judgment amount",
  costs: "Costs",
  interest_regime: "Interest rate",
  case_title: "Case title",
  external_ref: "Your reference",
  plaintiff_name: "Creditor (plaintiff)",
  plaintiff_address: "Creditor address",
  plaintiff_city: "Creditor city",
  plaintiff_state: "Creditor state",
  plaintiff_zip: "Creditor ZIP",
  plaintiff_phone: "Creditor phone",
  plaintiff_email: "Creditor email",
  plaintiff_contact_method: "Creditor contact method",
  debtor_name: "Debtor (defendant)",
  debtor_address: "Debtor address",
  debtor_city: "Debtor city",
  debtor_state: "Debtor state",
  debtor_zip: "Debtor ZIP",
  debtor_phone: "Debtor phone",
};

const PREVIEW_COLUMNS = [
  ["line_number", "Line"],
  ["index_number", "Index number"],
  ["court", "Court"],
  ["entry_date", "Entered"],
  ["principal", "Amount"],
  ["costs", "Costs"],
  ["interest_regime", "Rate"],
  ["plaintiff_name", "Creditor"],
  ["debtor_name", "Debtor"],
];

// A text file is previewed from its first 512 KB (whole lines): enough for the header row, the
// rows shown and the date-format guess, without sending a large file twice.
const PREVIEW_BYTES = 512 * 1024;

async function sample(file) {
  if (file.size <= PREVIEW_BYTES || !/\.(csv|tsv|txt)$/i.test(file.name)) return file;
  const text = await file.slice(0, PREVIEW_BYTES).text();
  const end = text.lastIndexOf("\n");
  return new Blob([end > 0 ? text.slice(0, end + 1) : text], { type: file.type || "text/csv" });
}

function slug(filename) {
  const base = filename.replace(/\.[^.]*$/, "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  const name = /^[a-z]/.test(base) ? base : `source_${base}`;
  return name.slice(0, 40).replace(/_+$/, "") || "firm_source";
}

function previewTable(rows) {
  const problems = rows.some((row) => row.reason);
  const head = h("tr", {}, PREVIEW_COLUMNS.map(([, text]) => h("th", { scope: "col" }, text)), problems ? h("th", { scope: "col" }, "Problem") : null);
  const shown = (value) => (value === null || value === undefined ? "—" : String(value));
  const body = rows.map((row) =>
    h(
      "tr",
      { class: row.reason ? "rejected" : null },
      row.reason
        ? [h("td", { "data-label": "Line" }, String(row.line_number)), h("td", { colspan: PREVIEW_COLUMNS.length - 1, class: "muted", "data-label": "" }, "Will be rejected"), h("td", { class: "wrap form-error", "data-label": "Problem" }, row.detail || row.reason)]
        : [...PREVIEW_COLUMNS.map(([key, text]) => h("td", { "data-label": text, class: key === "court" ? "clip" : null, title: key === "court" ? shown(row[key]) : null }, shown(row[key]))), problems ? h("td", { "data-label": "Problem" }, "") : null],
    ),
  );
  return h("div", { class: "table-wrap" }, h("table", { class: "data", id: "mapping-preview" }, h("thead", {}, head), h("tbody", {}, body)));
}

/**
 * The choices shown with the drop zone (interest rate default, "map the columns myself") and the
 * step itself. `onReady(file, source, regime)` sends the file; `status` is where the step draws.
 */
export function mappingFlow(status, onReady) {
  const regime = h("select", { name: "interest_regime", id: "intake-regime" }, REGIMES.map(([value, text]) => h("option", { value }, text)));
  const mapMyself = h("input", { type: "checkbox", id: "intake-map-myself" });
  const controls = h(
    "div",
    { class: "intake-options" },
    h("div", { class: "field" }, h("label", { for: "intake-regime" }, "Interest rate for new judgments"), regime, h("small", { class: "hint" }, "Unless the file states one.")),
    h("label", { class: "check" }, mapMyself, " Let me map the columns myself"),
  );

  async function start(file) {
    if (!file) return;
    mount(status, h("p", {}, `Reading the columns of ${file.name}…`));
    const part = await sample(file);
    const form = new FormData();
    form.append("file", part, file.name);
    let seen;
    try {
      seen = await post("/api/v1/import-sources/preview", form);
    } catch (error) {
      // A file that cannot be read at all (empty, not a table): the import says why, and keeps
      // the refusal in the history.
      if (error.status === 422) onReady(file, "auto", regime.value);
      else mount(status, h("p", { class: "form-error", role: "alert" }, error.message));
      return;
    }
    if (seen.detected && !mapMyself.checked) {
      onReady(file, "auto", regime.value);
      return;
    }
    showStep(file, part, seen);
  }

  function showStep(file, part, seen) {
    const pickers = {};
    const order = (f) => (MAIN_FIELDS.includes(f.field) ? MAIN_FIELDS.indexOf(f.field) : MAIN_FIELDS.length);
    const fields = [...seen.fields].sort((a, b) => order(a) - order(b));
    const fieldBoxes = fields.map((f) => {
      const picker = h(
        "select",
        { name: f.field, id: `map-${f.field}`, dataset: { field: f.field } },
        h("option", { value: "" }, "— not in this file —"),
        seen.headers.filter((x) => x.trim()).map((header) => h("option", { value: header, selected: header === f.header }, header)),
      );
      pickers[f.field] = picker;
      return h(
        "div",
        { class: `field${f.required ? " required" : ""}` },
        h("label", { for: picker.id, title: f.description }, LABELS[f.field] || f.field, f.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
        picker,
      );
    });
    const dateFormat = h("select", { name: "date_format", id: "map-date-format" }, seen.date_formats.map((d) => h("option", { value: d.value, selected: d.value === seen.date_format }, d.label)));
    const name = h("input", { type: "text", id: "map-name", name: "name", value: slug(file.name), maxlength: 40, pattern: "[a-z][a-z0-9_]*", required: true });
    const title = h("input", { type: "text", id: "map-title", name: "title", value: file.name.replace(/\.[^.]*$/, ""), maxlength: 200, required: true });
    const message = h("p", { class: "form-error", role: "alert" });
    const missingNote = h("p", { class: "mapping-missing", "aria-live": "polite" });
    const previewBox = h("div", { class: "mapping-preview" });
    const save = h("button", { type: "button", class: "btn btn-primary", id: "map-save" }, "Save source and import");
    const cancel = h("button", { type: "button", class: "btn", onclick: () => mount(status) }, "Cancel");

    function chosenColumns() {
      const columns = {};
      for (const [fieldName, picker] of Object.entries(pickers)) if (picker.value) columns[fieldName] = picker.value;
      return columns;
    }

    function showPreview(answer) {
      const missing = answer.missing || [];
      save.disabled = missing.length > 0;
      missingNote.textContent = missing.length ? `Still needed: ${missing.map((m) => m.split(" or ").map((x) => LABELS[x] || x).join(" or ")).join(", ")}.` : "";
      mount(previewBox, answer.rows && answer.rows.length ? [h("h3", {}, "First rows as they will be read"), previewTable(answer.rows)] : null);
    }

    let pending = 0;
    async function refresh() {
      message.textContent = "";
      const ticket = ++pending;
      const form = new FormData();
      form.append("file", part, file.name);
      form.append("columns", JSON.stringify(chosenColumns()));
      form.append("date_format", dateFormat.value);
      try {
        const answer = await post("/api/v1/import-sources/preview", form);
        if (ticket === pending) showPreview(answer);
      } catch (error) {
        if (ticket !== pending) return;
        save.disabled = true;
        message.textContent = error.message;
      }
    }

    for (const picker of [...Object.values(pickers), dateFormat]) picker.addEventListener("change", refresh);
    save.addEventListener("click", async () => {
      message.textContent = "";
      save.disabled = true;
      try {
        const saved = await post("/api/v1/import-sources", { name: name.value.trim(), title: title.value.trim(), headers: seen.headers, columns: chosenColumns(), date_format: dateFormat.value });
        toast(`Source ${saved.name} saved; files like this one are now recognised.`);
        onReady(file, saved.name, regime.value);
      } catch (error) {
        message.textContent = error.message;
        save.disabled = false;
      }
    });

    mount(
      status,
      h(
        "section",
        { class: "mapping-step", "aria-labelledby": "mapping-title" },
        h("h3", { id: "mapping-title" }, `Map the columns of ${file.name}`),
        h("p", { class: "muted" }, seen.detected ? `This file matches the source '${seen.detected}'; you chose to map it yourself.` : "No known source matches this file's headers. Choose the column that holds each field (* = required); the first guess is filled in."),
        h("div", { class: "form-grid mapping-fields" }, fieldBoxes.slice(0, MAIN_FIELDS.length), h("div", { class: "field" }, h("label", { for: dateFormat.id }, "Dates are written"), dateFormat)),
        h("details", { class: "mapping-more", open: fields.slice(MAIN_FIELDS.length).some((f) => f.header) }, h("summary", {}, "More fields (addresses, phones, references)"), h("div", { class: "form-grid mapping-fields" }, fieldBoxes.slice(MAIN_FIELDS.length))),
        missingNote,
        previewBox,
        h("div", { class: "form-grid" }, h("div", { class: "field" }, h("label", { for: name.id }, "Source name"), name), h("div", { class: "field" }, h("label", { for: title.id }, "Title"), title), h("div", { class: "row nowrap" }, save, cancel)),
        message,
      ),
    );
    showPreview(seen);
  }

  return { controls, start };
}
