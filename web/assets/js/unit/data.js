// What the build wrote into the page about each notice (scripts/sitebuild/unit_page.py):
// its years, the columns its roster may have, its posting period.
import { $ } from "../shared/dom.js";

export const POLICIES = JSON.parse($("#unit-data")?.textContent || "[]");
export const byId = Object.fromEntries(POLICIES.map((policy) => [policy.id, policy]));
