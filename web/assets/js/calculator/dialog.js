// A modal question with two answers, on the native <dialog> (focus is kept
// inside, Esc cancels). Resolves true for the confirming answer.
import { esc } from "../shared/dom.js";

export function ask({ title, message, confirm, cancel = "取消", danger = false }) {
  const dialog = document.createElement("dialog");
  dialog.className = "calc-dialog";
  dialog.setAttribute("aria-labelledby", "calc-dialog-title");
  dialog.setAttribute("aria-describedby", "calc-dialog-message");
  dialog.innerHTML = `
    <form method="dialog">
      <h2 id="calc-dialog-title">${esc(title)}</h2>
      <p id="calc-dialog-message">${esc(message)}</p>
      <div class="calc-dialog-actions">
        <button value="cancel" class="calc-button">${esc(cancel)}</button>
        <button value="confirm" class="calc-button ${danger ? "calc-button--danger" : "calc-button--primary"}">${esc(confirm)}</button>
      </div>
    </form>`;
  document.body.append(dialog);
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (opener instanceof HTMLElement) opener.focus();
      resolve(dialog.returnValue === "confirm");
    });
    dialog.showModal();
    dialog.querySelector('[value="cancel"]').focus();
  });
}
