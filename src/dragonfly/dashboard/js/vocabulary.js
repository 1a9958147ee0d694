// States, kinds, roles, rates and the business date, fetched once from the server after sign-in,
// so the dashboard never keeps its own copy of them.
import { get } from "./api.js";

let loaded = null;

/** Fetch the vocabulary; the shell awaits this before drawing any screen. */
export async function loadVocabulary() {
  loaded = await get("/api/v1/vocabulary");
  return loaded;
}

/** The vocabulary loaded at sign-in. */
export function vocabulary() {
  if (!loaded) throw new Error("vocabulary used before it was loaded");
  return loaded;
}

/** What staff call a kind of paper ("Restraining notice to a bank (5222-a packet)"). */
export function paperName(kind) {
  return (vocabulary().paper_names || {})[kind] || String(kind).replace(/_/g, " ");
}
