// Boot: find out who is signed in, draw the shell, and swap screens as the hash changes.
import { ApiError, get, onSessionEnded, post } from "./api.js";
import { h, mount } from "./dom.js";
import { label } from "./format.js";
import { parseHash } from "./router.js";
import { loadVocabulary } from "./vocabulary.js";
import { errorPanel, loading } from "./widgets.js";

const NAV = [
  { key: "overview", text: "Overview", icon: "◔" },
  { key: "portfolio", text: "Portfolio", icon: "▤" },
  { key: "enforcement", text: "Enforcement", icon: "⚖" },
  { key: "intake", text: "Intake", icon: "⇪" },
  { key: "plaintiffs", text: "Plaintiffs", icon: "☎" },
  { key: "clients", text: "Clients", icon: "$" },
  { key: "releases", text: "Releases", icon: "⚑" },
  { key: "users", text: "Users", icon: "◉", admin: true },
];

// Screens load on demand so the first page only fetches what it shows.
const SCREENS = {
  overview: () => import("./screens/overview.js"),
  portfolio: () => import("./screens/portfolio.js"),
  judgments: () => import("./screens/judgment.js"),
  enforcement: () => import("./screens/enforcement.js"),
  intake: () => import("./screens/intake.js"),
  plaintiffs: () => import("./screens/plaintiffs.js"),
  clients: () => import("./screens/clients.js"),
  releases: () => import("./screens/releases.js"),
  users: () => import("./screens/users.js"),
};

const state = { user: null, screenKey: null, screen: null, main: null, nav: null, routeToken: 0 };
const appRoot = () => document.getElementById("app");

function context(route) {
  const role = state.user ? state.user.role : "viewer";
  return {
    user: state.user,
    path: route.path,
    query: route.query,
    canWrite: role === "admin" || role === "ops",
    isAdmin: role === "admin",
  };
}

async function signOut() {
  try {
    await post("/api/v1/auth/logout");
  } catch {
    // The session may already be gone; the login screen is right either way.
  }
  showLogin();
}

function navLink(item) {
  return h(
    "a",
    { href: `#/${item.key}`, class: "nav-link", dataset: { key: item.key } },
    h("span", { class: "nav-icon", "aria-hidden": "true" }, item.icon),
    item.text,
  );
}

function drawShell() {
  const items = NAV.filter((item) => !item.admin || state.user.role === "admin");
  state.nav = h("nav", { class: "nav", "aria-label": "Main" }, items.map(navLink));
  const toggle = h(
    "button",
    {
      type: "button",
      class: "nav-toggle",
      "aria-label": "Menu",
      "aria-expanded": "false",
      onclick: () => {
        const open = document.body.classList.toggle("nav-open");
        toggle.setAttribute("aria-expanded", String(open));
      },
    },
    "☰",
  );
  const who = state.user.display_name || state.user.email;
  state.main = h("main", { id: "main", class: "main", tabindex: "-1" });
  mount(
    appRoot(),
    h(
      "aside",
      { class: "sidebar" },
      h(
        "div",
        { class: "brand" },
        h("img", { src: "favicon.svg", alt: "", width: 28, height: 28 }),
        h("span", {}, "Dragonfly"),
        toggle,
      ),
      state.nav,
      h(
        "div",
        { class: "who" },
        h("div", { class: "who-name" }, who),
        h("div", { class: "who-role" }, label(state.user.role)),
        h("button", { type: "button", class: "btn btn-ghost btn-small", onclick: signOut }, "Sign out"),
      ),
    ),
    state.main,
  );
  state.screenKey = null;
}

function highlightNav(key) {
  for (const link of state.nav.querySelectorAll(".nav-link")) {
    const active = link.dataset.key === key;
    link.classList.toggle("active", active);
    if (active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function route() {
  if (!state.user) return;
  const parsed = parseHash();
  let key = parsed.path[0];
  if (!SCREENS[key] || (key === "users" && state.user.role !== "admin")) key = "overview";
  const ctx = context(parsed);
  document.body.classList.remove("nav-open");
  highlightNav(key);
  const sameScreen = key === state.screenKey && parsed.path.join("/") === state.pathKey;
  if (sameScreen && state.screen && state.screen.update && state.screen.update(ctx) !== false) return;
  if (state.screen && state.screen.destroy) state.screen.destroy();
  state.screenKey = key;
  state.pathKey = parsed.path.join("/");
  const token = ++state.routeToken;
  mount(state.main, loading());
  try {
    const module = await SCREENS[key]();
    if (token !== state.routeToken) return;
    const host = h("div", { class: "screen", dataset: { screen: key } });
    mount(state.main, host);
    state.screen = module.render(host, ctx) || null;
    // A new screen starts at the top, and keyboard users continue from its content.
    window.scrollTo(0, 0);
    if (document.activeElement === document.body || state.nav.contains(document.activeElement)) {
      state.main.focus({ preventScroll: true });
    }
    const title = NAV.find((item) => item.key === key);
    document.title = `${title ? title.text : "Dragonfly"} · Dragonfly`;
  } catch (error) {
    mount(state.main, errorPanel(error, route, "this page"));
  }
}

async function showLogin(message) {
  state.user = null;
  if (state.screen && state.screen.destroy) state.screen.destroy();
  state.screen = null;
  state.screenKey = null;
  const module = await import("./screens/login.js");
  module.render(appRoot(), {
    message,
    onSignedIn: async (user) => {
      state.user = user;
      await loadVocabulary();
      drawShell();
      route();
    },
  });
}

async function boot() {
  mount(appRoot(), h("div", { class: "boot" }, loading("Loading Dragonfly…")));
  try {
    state.user = await get("/api/v1/auth/me");
    await loadVocabulary();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin();
    mount(appRoot(), h("div", { class: "boot" }, errorPanel(error, boot, "Dragonfly")));
    return;
  }
  drawShell();
  route();
}

onSessionEnded(() => {
  if (state.user) showLogin("Your session has ended. Please sign in again.");
});
window.addEventListener("hashchange", route);
boot();
