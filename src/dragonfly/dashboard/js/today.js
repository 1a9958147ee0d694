// "Today" is the firm's business day as the server keeps it (New York), never the viewer's clock.
import { vocabulary } from "./vocabulary.js";

/** Today as YYYY-MM-DD (the value format of <input type="date">). */
export function todayInNewYork() {
  return vocabulary().today;
}
