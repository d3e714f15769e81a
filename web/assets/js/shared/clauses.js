// Clause citations: "<policy>#<anchor>" -> a link to the notice page, labelled
// with the site's short citation ("附件·二·1") and titled with the heading. The
// index of every clause is embedded in the page at build time
// (templates/partials/clause-index.html.j2); the engine's results cite clauses
// as data, so no text is parsed here.
import { esc } from "./dom.js";

const index = JSON.parse(document.getElementById("clause-index")?.textContent || "{}");

function lookup(clause) {
  const [policy, anchor] = String(clause).split("#");
  return index[policy]?.[anchor] || null;
}

/** Short citation ("一（二）"), else the anchor. */
export const clauseName = (clause) => lookup(clause)?.[0] || String(clause).split("#")[1] || clause;
/** The heading's text ("（二）学时要求"). */
export const clauseTitle = (clause) => lookup(clause)?.[1] || "";

/** The clause on its notice page, from a page one level below the site root. */
export function clauseURL(clause) {
  const [policy, anchor] = String(clause).split("#");
  return `../policies/${policy}/#${anchor}`;
}

/** A link to a clause; `text` defaults to the short citation. */
export function clauseLink(clause, text = null, className = "calc-clause") {
  if (!clause) return text === null ? "" : esc(text);
  const title = clauseTitle(clause);
  return `<a class="${className}" href="${esc(clauseURL(clause))}" title="通知原文 ${esc(clauseName(clause))}${title ? ` ${esc(title)}` : ""}">${esc(text ?? clauseName(clause))}</a>`;
}

/** Citation and heading together ("附件·二·1 参加有关培训、会议等"). */
export function clauseFull(clause) {
  const title = clauseTitle(clause).replace(/^(附件\s*\d*\s*|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.\s*)/, "");
  const name = clauseName(clause);
  return title && !name.endsWith(title) ? `${name} ${title}` : name;
}

/** A sentence whose citations travel as data ({text} and {clause} parts). */
export const cited = (parts) => parts.map((part) => ("clause" in part ? clauseLink(part.clause) : esc(part.text))).join("");
