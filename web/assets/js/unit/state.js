// What the unit page holds: the roster file as read (never saved), the last result and
// the people the table shows.
import { $ } from "../shared/dom.js";

export const app = $("#unit-app");
export const state = {
  file: null,          // {name, format, base64}
  result: null,        // the worker's unit check (calculator/unit/check.py)
  shown: [],           // the people in the table, in its order
  key: "",             // policy|year|file of the result shown
};

export const control = (role) => $(`[data-role=${role}]`, app);

export function setStatus(text) {
  $(".unit-status", app).textContent = text;
}

/** The `unit` request of the current choice and file. */
export function request(extra = {}) {
  return { policy: control("policy").value, year: Number(control("year").value), format: state.file.format,
    base64: state.file.base64, ...extra };
}
