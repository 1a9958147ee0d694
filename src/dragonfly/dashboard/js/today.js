// "Today" is the firm's calendar day in New York, whatever the viewer's clock says.

/** Today in New York as YYYY-MM-DD (the value format of <input type="date">). */
export function todayInNewYork() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date());
}
