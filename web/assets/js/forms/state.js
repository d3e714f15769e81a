// What the forms page holds besides its inputs: the imported rosters and the
// checked plans of each notice, and the status line over the page.
import { $ } from "../shared/dom.js";

export const app = $("#forms-app");
export const rosters = {};        // policy -> roster import result (calculator.forms.roster)
export const planResults = {};    // policy -> plan check result (calculator.employer.plan)

export function setStatus(text) {
  $(".forms-status", app).textContent = text;
}
