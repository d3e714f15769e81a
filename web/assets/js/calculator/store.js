// Keeping answers: localStorage across reloads, the share link (#s=...), and
// JSON files to export and import. Nothing here talks to a server.
//
// "Answers" are what the person typed, as typed (an invalid value survives a
// reload exactly as it was left):
//   { v: 1, policy: "<id>", drafts: { "<id>": draft, ... } }
//   draft = { mode: "year" | "span", year: "2023",
//             circumstances: { on: true, values: {...} } | undefined,
//             activities: [ { kind, <field>: "<text>" | true | false, ... } ],
//             span: { "2018": [activity, ...], ... } | undefined }
import * as storage from "../shared/storage.js";
import { decode, encode } from "./codec.js";

const KEY = storage.KEYS.selfcheck;
const FORMAT = "jxjy-selfcheck";
const SHARE = /^#s=([A-Za-z0-9_-]+)$/;

export const load = () => normalize(storage.read(KEY));

/** False when the browser keeps nothing (private mode, storage full): the form still works. */
export const save = (answers) => storage.write(KEY, answers);

/** Call `onChange()` when another tab of this site saves or clears the answers. */
export const watchOtherTabs = (onChange) => storage.watch([KEY], () => onChange());

export const clear = () => storage.remove(KEY);

// ---- share link ----------------------------------------------------------

/** The share URL for the active notice's answers only. */
export function shareURL(answers) {
  const payload = compact({ v: 1, policy: answers.policy, drafts: { [answers.policy]: answers.drafts[answers.policy] } });
  const url = new URL(location.href);
  url.hash = `s=${encode(payload)}`;
  return url.href;
}

/** Answers carried by the page's fragment, or null (throws on a damaged link). */
export function fromFragment(hash = location.hash) {
  const match = SHARE.exec(hash);
  if (!match) return null;
  const answers = normalize(decode(match[1]));
  if (!answers) throw new Error("链接中的内容无法识别");
  return answers;
}

export function dropFragment() {
  history.replaceState(null, "", location.pathname + location.search);
}

// ---- files ---------------------------------------------------------------

export function download(answers, filename) {
  const data = { format: FORMAT, exported: new Date().toISOString(), ...answers };
  const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

export async function readFile(file) {
  let data;
  try {
    data = JSON.parse(await file.text());
  } catch {
    throw new Error(`“${file.name}”不是有效的 JSON 文件`);
  }
  const answers = normalize(data);
  if (!answers) throw new Error(`“${file.name}”不是本站导出的自查文件，也不是计算器的输入文件`);
  return answers;
}

// ---- shapes ----------------------------------------------------------------

/** Accept saved answers, an exported file, or a calculator input
 *  ({ policy, year, circumstances, activities }) or multi-year input
 *  ({ policy, years, postings }); anything else -> null. */
export function normalize(data) {
  if (!data || typeof data !== "object" || typeof data.policy !== "string") return null;
  if (data.drafts && typeof data.drafts === "object") {
    return { v: 1, policy: data.policy, drafts: data.drafts };
  }
  if (Array.isArray(data.years) || Array.isArray(data.postings)) {
    const span = {};
    for (const entry of Array.isArray(data.years) ? data.years : []) {
      if (entry && typeof entry === "object" && entry.year !== undefined) {
        span[String(entry.year)] = { prior: entry.prior_certificate === true, activities: asText(entry.activities || []) };
      }
    }
    const draft = { mode: "span", span, postings: asText(Array.isArray(data.postings) ? data.postings : []), activities: [] };
    return { v: 1, policy: data.policy, drafts: { [data.policy]: draft } };
  }
  if (Array.isArray(data.activities) || data.year !== undefined) {
    const draft = { mode: "year", year: data.year === undefined ? "" : String(data.year), activities: asText(data.activities || []) };
    if (data.circumstances && typeof data.circumstances === "object") {
      draft.circumstances = { on: true, values: asText([data.circumstances])[0] };
    }
    return { v: 1, policy: data.policy, drafts: { [data.policy]: draft } };
  }
  return null;
}

/** Engine values -> form values (numbers become the text a person would type). */
function asText(items) {
  return items.filter((item) => item && typeof item === "object").map((item) => Object.fromEntries(
    Object.entries(item).map(([key, value]) => [key, typeof value === "number" ? String(value) : value])));
}

/** Drop empty values so share links stay short. */
function compact(value) {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === "" || item === null || item === undefined) continue;
      if (typeof item === "object" && !Array.isArray(item) && Object.keys(item).length === 0) continue;
      out[key] = compact(item);
    }
    return out;
  }
  return value;
}

export const sameAnswers = (a, b) => JSON.stringify(compact(a)) === JSON.stringify(compact(b));
