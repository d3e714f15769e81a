// Print and downloads: one form at a time, printed alone from a frame, or
// downloaded as the worker renders it (XLSX, CSV) from an in-memory blob.
import { calculator } from "../runtime.js";
import { $, esc } from "../shared/dom.js";
import { requestFor } from "./requests.js";
import { loadOpenpyxl } from "./xlsx.js";

const CSS = $("#jx-form-css").textContent;

/** The form as a standalone document: the same wrapping as calculator.forms.render_html. */
export function printable(block) {
  const paper = $("[data-role=paper]", block);
  const title = $(".jx-title", paper)?.textContent || "表格";
  return `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>\n${CSS}body { margin: 0; }\n</style></head><body>\n${paper.innerHTML.trim()}\n</body></html>\n`;
}

export function printBlock(block) {
  const frame = document.createElement("iframe");
  frame.className = "forms-print-frame";
  frame.setAttribute("aria-hidden", "true");
  frame.srcdoc = printable(block);
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
    const result = await calculator.call("form", { ...request, format });
    const blob = result.base64
      ? new Blob([Uint8Array.from(atob(result.base64), (c) => c.charCodeAt(0))], { type: result.mime })
      : new Blob([result.text], { type: `${result.mime};charset=utf-8` });
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: result.filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  } catch (problem) {
    const error = $("[data-role=error]", block);
    error.textContent = `无法下载：${problem.message}`;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}
