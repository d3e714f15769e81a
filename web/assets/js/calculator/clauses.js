// What the self-check knows of each notice before Python has loaded:
// describe() of every notice, embedded at build time. Clause links are shared
// with the forms page (../shared/clauses.js).
export { clauseFull, clauseLink, clauseName, clauseTitle, clauseURL, cited } from "../shared/clauses.js";

const data = JSON.parse(document.getElementById("calc-data").textContent);

/** describe() of a notice, as embedded at build time. */
export const spec = (policy) => data[policy];
