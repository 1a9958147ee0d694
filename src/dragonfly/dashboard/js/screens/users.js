// Users (admins only): who can sign in, with which role; add people, change roles, disable.
import { get, patch, post } from "../api.js";
import { h, mount } from "../dom.js";
import { label } from "../format.js";
import { badge, card, dataTable, errorPanel, field, loading, pageHeader, select, toast } from "../widgets.js";

const ROLES = [
  ["viewer", "Viewer (read only)"],
  ["ops", "Operations (can record and import)"],
  ["admin", "Admin (also manages users)"],
];

export function render(root, ctx) {
  const listBox = h("div", {});

  async function change(user, body, done) {
    try {
      await patch(`/api/v1/users/${user.id}`, body);
      toast(done);
      load();
    } catch (error) {
      toast(error.message, "red");
      load();
    }
  }

  function roleCell(user) {
    const control = select("role", ROLES.map(([v]) => [v, label(v)]), user.role);
    control.setAttribute("aria-label", `Role for ${user.email}`);
    control.disabled = user.id === ctx.user.id;
    control.addEventListener("change", () => change(user, { role: control.value }, `${user.email} is now ${label(control.value).toLowerCase()}.`));
    return control;
  }

  function disableCell(user) {
    if (user.id === ctx.user.id) return h("span", { class: "muted" }, "You");
    return h(
      "button",
      { type: "button", class: `btn btn-small${user.disabled ? "" : " btn-danger"}`, onclick: () => change(user, { disabled: !user.disabled }, `${user.email} ${user.disabled ? "can sign in again" : "can no longer sign in"}.`) },
      user.disabled ? "Enable" : "Disable",
    );
  }

  const columns = [
    { label: "Name", cell: (u) => u.display_name || "—" },
    { label: "Email", cell: (u) => u.email },
    { label: "Role", cell: roleCell },
    { label: "Access", cell: (u) => (u.disabled ? badge("Disabled", "red") : badge("Active", "green")) },
    { label: "", cell: disableCell },
  ];

  async function load() {
    mount(listBox, loading());
    try {
      const data = await get("/api/v1/users");
      mount(listBox, dataTable(columns, data.items || data, { empty: "No users." }));
    } catch (error) {
      mount(listBox, errorPanel(error, load, "the users"));
    }
  }

  const email = h("input", { type: "email", name: "email", required: true, autocomplete: "off" });
  const name = h("input", { type: "text", name: "display_name", placeholder: "e.g. Dana Ortiz" });
  const role = select("role", ROLES, "viewer");
  const password = h("input", { type: "password", name: "password", required: true, minlength: 12, autocomplete: "new-password", placeholder: "12 characters or more" });
  const message = h("div", { class: "form-error", role: "alert" });
  const addForm = h(
    "form",
    {
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = "";
        try {
          await post("/api/v1/users", { email: email.value.trim().toLowerCase(), display_name: name.value.trim(), role: role.value, password: password.value });
          toast(`${email.value.trim()} added.`);
          addForm.reset();
          load();
        } catch (error) {
          message.textContent = error.message;
        }
      },
    },
    h("div", { class: "form-grid" }, field("Email", email), field("Name", name), field("Role", role), field("Password", password), h("button", { type: "submit", class: "btn btn-primary" }, "Add user")),
    message,
  );

  mount(root, pageHeader("Users", "People who can sign in to Dragonfly and what they may do."), h("div", { class: "stack" }, card("Add a user", addForm), card("Everyone", listBox)));
  load();
}
