// Clause citations: "<policy>#<anchor>" -> a link to the notice page, labelled
// with the site's short citation ("附件·二·1") and titled with the heading.
import { esc } from "./dom.js";

const data = JSON.parse(document.getElementById("calc-data").textContent);

/** describe() of a notice, as embedded at build time. */
export const spec = (policy) => data[policy].spec;

function lookup(clause) {
  const [policy, anchor] = String(clause).split("#");
  return data[policy]?.clauses[anchor] || null;
}

/** Short citation ("一（二）"), else the anchor. */
export const clauseName = (clause) => lookup(clause)?.[0] || String(clause).split("#")[1] || clause;
/** The heading's text ("（二）学时要求"). */
export const clauseTitle = (clause) => lookup(clause)?.[1] || "";

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
