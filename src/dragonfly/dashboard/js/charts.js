// Hand-written SVG charts: small, dependency-free, and labelled so the numbers can be read
// without hovering. Values arrive as decimal strings or numbers from the API.
import { h, s } from "./dom.js";
import { count, date, money, moneyShort } from "./format.js";

const WIDTH = 560;
const HEIGHT = 220;
const PAD = { top: 16, right: 10, bottom: 34, left: 56 };

function niceMax(value) {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= value) || 10;
  return step * magnitude;
}

/**
 * Vertical bars. points: [{label, value, title}], formatAxis(value) for the left axis.
 * Each bar has a <title> so the exact figure is available to screen readers and on hover.
 */
export function barChart(points, { formatAxis = count, ariaLabel, barClass = "bar" } = {}) {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const values = points.map((p) => Number(p.value) || 0);
  const max = niceMax(Math.max(0, ...values));
  const slot = innerW / Math.max(points.length, 1);
  const barW = Math.max(4, Math.min(44, slot * 0.68));
  const labelEvery = Math.ceil(points.length / 10);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return s(
    "svg",
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "chart", role: "img", "aria-label": ariaLabel },
    ticks.map((tick) => {
      const y = PAD.top + innerH - (tick / max) * innerH;
      return s(
        "g",
        {},
        s("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: "grid-line" }),
        s("text", { x: PAD.left - 6, y: y + 4, "text-anchor": "end" }, formatAxis(tick)),
      );
    }),
    points.map((p, i) => {
      const value = values[i];
      const barH = (value / max) * innerH;
      const x = PAD.left + i * slot + (slot - barW) / 2;
      const y = PAD.top + innerH - barH;
      return s(
        "g",
        {},
        s("rect", { x, y, width: barW, height: Math.max(barH, value > 0 ? 1 : 0), rx: 2, class: barClass }, s("title", {}, p.title || `${p.label}: ${value}`)),
        i % labelEvery === 0
          ? s("text", { x: x + barW / 2, y: HEIGHT - PAD.bottom + 16, "text-anchor": "middle" }, p.label)
          : null,
      );
    }),
  );
}

/** Money collected per week. */
export function collectedChart(weeks) {
  const points = weeks.map((w) => ({
    label: date(w.week).replace(/, \d{4}$/, ""),
    value: w.amount,
    title: `Week of ${date(w.week)}: ${money(w.amount)}`,
  }));
  return barChart(points, { formatAxis: moneyShort, ariaLabel: "Money collected per week" });
}

/** Balance by tier, with the judgment count written under each tier letter. */
export function tierChart(tiers) {
  const points = tiers.map((t) => ({
    label: `${t.tier || "—"} · ${count(t.count)}`,
    value: t.balance,
    title: `Tier ${t.tier}: ${count(t.count)} judgments, ${money(t.balance)}`,
  }));
  return barChart(points, { formatAxis: moneyShort, ariaLabel: "Balance and judgments by tier" });
}

/** The enforcement funnel as labelled horizontal bars (readable on a phone). */
export function funnel(stages, labelFor) {
  const max = Math.max(1, ...stages.map((st) => Number(st.count) || 0));
  return h(
    "div",
    { class: "funnel", role: "list", "aria-label": "Enforcement funnel" },
    stages.map((st) =>
      h(
        "div",
        { class: "funnel-row", role: "listitem" },
        h("span", {}, labelFor(st.state)),
        h("div", { class: "funnel-track" }, h("div", { class: "funnel-bar", style: { width: `${((Number(st.count) || 0) / max) * 100}%` } })),
        h("span", { class: "num" }, count(st.count)),
      ),
    ),
  );
}
