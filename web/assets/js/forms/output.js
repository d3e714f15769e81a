// Print and downloads: one form at a time, printed alone from a frame, or
// downloaded as the worker renders it (XLSX, CSV) from an in-memory blob.
import { calculator } from "../runtime.js";
import { $, esc } from "../shared/dom.js";
import { saveFile } from "../shared/files.js";
import { checklistSection } from "./filing.js";
import { requestFor } from "./requests.js";
import { loadOpenpyxl } from "./xlsx.js";

const CSS = $("#jx-form-css").textContent;

/** Sections of forms as a standalone document: the same wrapping as calculator.forms.render_html. */
export function wrap(body, title) {
  return `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>\n${CSS}${EXTRA_CSS}body { margin: 0; }\n</style></head><body>\n${body}\n</body></html>\n`;
}

// The filing checklist printed with the forms' styles.
const EXTRA_CSS = ".jx-checklist { list-style: none; margin: 0 0 2mm; padding-left: 1em; } .jx-tick { font-size: 12pt; }\n";

/** The form as a standalone document; the 备案表 takes the filing checklist as its last page. */
export function printable(block) {
  const paper = $("[data-role=paper]", block);
  const title = $(".jx-title", paper)?.textContent || "表格";
  const checklist = block.dataset.form === filingFormOf(block.dataset.policy) ? checklistSection(block.dataset.policy) : "";
  return wrap(`${paper.innerHTML.trim()}${checklist}`, title);
}

/** The form the checklist's first item is (the 备案表), where a notice has a checklist. */
function filingFormOf(policy) {
  const link = document.querySelector(`.forms-editor[data-editor="filing"][data-policy="${policy}"] .forms-filing-forms a`);
  return link ? document.querySelector(link.getAttribute("href"))?.dataset.form : null;
}

export function printBlock(block) {
  printDocument(printable(block));
}

export function printDocument(html) {
  const frame = document.createElement("iframe");
  frame.className = "forms-print-frame";
  frame.setAttribute("aria-hidden", "true");
  frame.srcdoc = html;
  frame.addEventListener("load", () => {
    const view = frame.contentWindow;
    view.addEventListener("afterprint", () => setTimeout(() => frame.remove(), 0));
    view.focus();
    view.print();
  }, { once: true });
  document.body.append(frame);
}

export async function download(block, format) {
  const button = $(`[data-action=${format}]`, block);
  button.disabled = true;
  try {
    if (format === "xlsx") await loadOpenpyxl();
    const request = requestFor(block) || { policy: block.dataset.policy, form: block.dataset.form };
    saveFile(await calculator.call("form", { ...request, format }));
  } catch (problem) {
    const error = $("[data-role=error]", block);
    error.textContent = `无法下载：${problem.message}`;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}
