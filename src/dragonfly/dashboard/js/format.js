// Display formats: money from the API's exact decimal strings (no float arithmetic),
// readable dates, counts with thousands separators.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function groupThousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "1234.5" or 1234.5 -> "$1,234.50"; null/undefined/"" -> "—" (unknown, never $0.00). */
export function money(value) {
  if (value === null || value === undefined || value === "") return "—";
  const text = String(value).trim();
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, minus, whole, frac = ""] = match;
  const cents = (frac + "00").slice(0, 2);
  return `${minus ? "-" : ""}$${groupThousands(whole.replace(/^0+(?=\d)/, ""))}.${cents}`;
}

/** Money without cents for chart axes and compact cards: "$1.2M", "$45.3K". */
export function moneyShort(value) {
  if (value === null || value === undefined || value === "") return "—";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const abs = Math.abs(n);
  if (abs >= 1e9) return `$${(n / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `$${(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `$${(n / 1e3).toFixed(1)}K`;
  return `$${groupThousands(Math.round(n).toString())}`;
}

/** 1234567 -> "1,234,567". */
export function count(value) {
  if (value === null || value === undefined || value === "") return "—";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return n.toLocaleString("en-US");
}

/** (1, "judgment") -> "1 judgment"; (1234, "judgment") -> "1,234 judgments". */
export function countOf(value, noun) {
  return `${count(value)} ${noun}${Number(value) === 1 ? "" : "s"}`;
}

/** 12.345 -> "12.3%"; the API sends percents as 0-100. */
export function percent(value) {
  if (value === null || value === undefined || value === "") return "—";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return `${n.toFixed(1)}%`;
}

/** "2024-03-15" -> "Mar 15, 2024" without time-zone shifts. */
export function date(value) {
  if (!value) return "—";
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  if (!match) return String(value);
  const [, y, m, d] = match;
  return `${MONTHS[Number(m) - 1]} ${Number(d)}, ${y}`;
}

/** ISO timestamp -> "Nov 23, 2026, 14:05" on the firm's clock (New York), wherever the viewer is. */
export function dateTime(value) {
  if (!value) return "—";
  const when = new Date(value);
  if (Number.isNaN(when.getTime())) return String(value);
  return when.toLocaleString("en-US", {
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: "America/New_York",
  });
}

/** Milliseconds -> "1 min 05 s", "4.2 s", "850 ms". */
export function duration(ms) {
  if (ms === null || ms === undefined) return "—";
  const n = Number(ms);
  if (n < 1000) return `${n} ms`;
  if (n < 60000) return `${(n / 1000).toFixed(1)} s`;
  const minutes = Math.floor(n / 60000);
  const seconds = Math.round((n % 60000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
}

/** Days left until a deadline, in words: "in 5 days", "today", "3 days overdue". */
export function daysLeft(days) {
  if (days === null || days === undefined) return "—";
  const n = Number(days);
  if (n === 0) return "due today";
  if (n === 1) return "in 1 day";
  if (n > 0) return `in ${n.toLocaleString("en-US")} days`;
  if (n === -1) return "1 day overdue";
  return `${(-n).toLocaleString("en-US")} days overdue`;
}

/** snake_case vocabulary -> "Snake case" for people. */
export function label(value) {
  if (value === null || value === undefined || value === "") return "—";
  const text = String(value).replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Compare two decimal strings without floats: negative, zero or positive. */
export function compareMoney(a, b) {
  const cents = (v) => {
    const [whole, frac = ""] = String(v).replace("-", "").split(".");
    const big = BigInt(whole || "0") * 100n + BigInt((frac + "00").slice(0, 2));
    return String(v).startsWith("-") ? -big : big;
  };
  const diff = cents(a) - cents(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}
