// The API reference page at /api/docs: drawn from /api/openapi.json with our own DOM helper, so
// nothing is loaded from a CDN and the page passes the same Content-Security-Policy.
import { h, mount } from "./dom.js";

const METHODS = ["get", "post", "put", "patch", "delete"];

function schemaName(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.type === "array") return `${schemaName(schema.items)}[]`;
  if (schema.anyOf) return schema.anyOf.map(schemaName).join(" | ");
  if (schema.enum) return schema.enum.join(" | ");
  return schema.type || "object";
}

function parameters(operation) {
  const rows = (operation.parameters || []).map((p) =>
    h("tr", {}, h("td", {}, h("code", {}, p.name)), h("td", {}, p.in), h("td", {}, p.required ? "required" : ""), h("td", {}, schemaName(p.schema)), h("td", {}, p.description || "")),
  );
  if (!rows.length) return null;
  return h("table", { class: "data" }, h("thead", {}, h("tr", {}, ["name", "in", "", "type", "meaning"].map((t) => h("th", {}, t)))), h("tbody", {}, rows));
}

function requestBody(operation) {
  const content = operation.requestBody && operation.requestBody.content;
  if (!content) return null;
  return h("p", {}, "Body: ", Object.entries(content).map(([type, c]) => h("span", {}, h("code", {}, schemaName(c.schema)), ` (${type}) `)));
}

function responses(operation) {
  const codes = Object.entries(operation.responses || {}).map(([code, r]) => `${code} ${r.description || ""}`.trim());
  return h("p", { class: "muted" }, "Answers: ", codes.join(" · "));
}

function operationCard(path, method, operation) {
  return h(
    "section",
    { class: "card", id: operation.operationId || `${method}-${path}` },
    h("h3", { class: "card-title" }, h("code", {}, `${method.toUpperCase()} ${path}`), " ", operation.summary || ""),
    operation.description ? h("p", {}, operation.description) : null,
    parameters(operation),
    requestBody(operation),
    responses(operation),
  );
}

function schemaCard(name, schema) {
  const required = new Set(schema.required || []);
  const rows = Object.entries(schema.properties || {}).map(([field, s]) =>
    h("tr", {}, h("td", {}, h("code", {}, field)), h("td", {}, schemaName(s)), h("td", {}, required.has(field) ? "required" : "")),
  );
  return h("section", { class: "card", id: `schema-${name}` }, h("h3", { class: "card-title" }, h("code", {}, name)), rows.length ? h("table", { class: "data" }, h("tbody", {}, rows)) : h("p", { class: "muted" }, schemaName(schema)));
}

async function main() {
  const root = document.getElementById("api-docs");
  const response = await fetch("/api/openapi.json", { credentials: "same-origin" });
  if (!response.ok) {
    mount(root, h("p", {}, "Sign in to the dashboard first, then reload this page."));
    return;
  }
  const spec = await response.json();
  const operations = [];
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const method of METHODS) if (item[method]) operations.push(operationCard(path, method, item[method]));
  }
  const schemas = Object.entries((spec.components && spec.components.schemas) || {}).map(([name, s]) => schemaCard(name, s));
  mount(
    root,
    h("header", { class: "page-header" }, h("div", {}, h("h1", {}, `${spec.info.title} ${spec.info.version}`), h("p", { class: "muted" }, spec.info.description || ""))),
    h("p", {}, h("a", { href: "/api/openapi.json" }, "The OpenAPI description (JSON)"), " · ", h("a", { href: "/" }, "Dashboard")),
    h("h2", {}, "Routes"),
    operations,
    h("h2", {}, "Schemas"),
    schemas,
  );
}

main();
