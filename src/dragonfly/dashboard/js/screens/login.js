// Sign-in form: email + password; the API sets the session cookie.
import { post } from "../api.js";
import { h, mount } from "../dom.js";

export function render(root, { message, onSignedIn }) {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const notice = h("div", { class: "login-notice", role: "alert" }, message || "");
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-block" }, "Sign in");

  async function signIn(event) {
    event.preventDefault();
    submit.disabled = true;
    submit.textContent = "Signing in…";
    notice.textContent = "";
    try {
      const answer = await post("/api/v1/auth/login", { email: email.value.trim(), password: password.value });
      onSignedIn(answer.user);
    } catch (error) {
      notice.textContent =
        error.status === 401
          ? "That email and password do not match an active account."
          : error.status === 429
            ? "Too many attempts. Please wait a minute and try again."
            : error.message;
      submit.disabled = false;
      submit.textContent = "Sign in";
      password.focus();
    }
  }

  mount(
    root,
    h(
      "div",
      { class: "login-page" },
      h(
        "form",
        { class: "login-card", onsubmit: signIn, novalidate: false },
        h("div", { class: "login-brand" }, h("img", { src: "favicon.svg", alt: "", width: 40, height: 40 }), h("span", {}, "Dragonfly")),
        h("h1", {}, "Sign in"),
        h("p", { class: "subtitle" }, "Judgment enforcement for New York civil money judgments."),
        notice,
        h("div", { class: "field" }, h("label", { for: "login-email" }, "Email"), Object.assign(email, { id: "login-email" })),
        h("div", { class: "field" }, h("label", { for: "login-password" }, "Password"), Object.assign(password, { id: "login-password" })),
        submit,
      ),
    ),
  );
  if (!message) notice.replaceChildren();
  email.focus();
}
