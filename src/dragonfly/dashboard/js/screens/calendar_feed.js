// The calendar feed card of the Enforcement screen: get (or replace) the address of your
// deadlines' .ics feed for Outlook or Google, shown once, and revoke it.
import { get, post, request } from "../api.js";
import { h, mount } from "../dom.js";
import { dateTime } from "../format.js";
import { card, errorPanel, loading, select, toast } from "../widgets.js";

const SCOPES = [
  ["mine", "My deadlines (what I own)"],
  ["all", "Every deadline"],
];

export function calendarFeedCard(ctx) {
  const box = h("div", { id: "calendar-feed" });
  const message = h("div", { class: "form-error", role: "alert" });

  function shownOnce(made, reload) {
    const address = h("input", { type: "text", readonly: true, value: made.url, class: "mono feed-url", "aria-label": "Feed address", onfocus: (event) => event.target.select() });
    const copy = h("button", { type: "button", class: "btn btn-small", onclick: async () => {
      try {
        await navigator.clipboard.writeText(made.url);
        toast("Address copied.");
      } catch {
        address.select();
      }
    } }, "Copy");
    return h(
      "div",
      { class: "stack-tight" },
      h("p", {}, h("strong", {}, "Copy this address now: it is not shown again."), " Subscribe to it from your calendar (Outlook: Add calendar, Subscribe from web; Google: Other calendars, From URL). Anyone with it can read the feed; revoke it if it leaks."),
      h("div", { class: "row" }, address, copy),
      h("button", { type: "button", class: "btn btn-small", onclick: reload }, "Done"),
    );
  }

  async function make(scope) {
    message.textContent = "";
    try {
      const made = await post("/api/v1/calendar-feed", { scope });
      mount(box, shownOnce(made, load), message);
    } catch (error) {
      message.textContent = error.message;
    }
  }

  async function revoke() {
    message.textContent = "";
    try {
      await request("DELETE", "/api/v1/calendar-feed");
      toast("Calendar feed revoked: its address no longer works.");
      await load();
    } catch (error) {
      message.textContent = error.message;
    }
  }

  function status(feed) {
    const scope = ctx.isAdmin ? select("scope", SCOPES, feed.scope || "mine") : null;
    const getLink = h("button", { type: "button", class: "btn btn-small", onclick: () => make(scope ? scope.value : "mine") }, feed.active ? "Replace the address" : "Get the address");
    return [
      h(
        "p",
        { class: "muted" },
        feed.active
          ? `Your feed is live (${feed.scope === "all" ? "every deadline" : "your deadlines"}), made ${dateTime(feed.created_at)}. Its address was shown once; replace it to see a new one.`
          : "No feed yet. Events name the deadline, the index number and the amount at stake, never the debtor.",
      ),
      h("div", { class: "row" }, scope, getLink, feed.active ? h("button", { type: "button", class: "btn btn-small btn-danger", onclick: revoke }, "Revoke") : null),
      message,
    ];
  }

  async function load() {
    mount(box, loading());
    try {
      mount(box, ...status(await get("/api/v1/calendar-feed")));
    } catch (error) {
      mount(box, errorPanel(error, load, "your calendar feed"));
    }
  }
  load();
  return card("Calendar feed", h("p", { class: "muted" }, "Your deadlines in Outlook or Google Calendar, as all-day events that update themselves."), box);
}
