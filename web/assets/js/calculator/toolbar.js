// Print, share, export, import and clear: the buttons above the form.
import { ask } from "./dialog.js";
import { $ } from "../shared/dom.js";
import * as store from "./store.js";

export function wireToolbar(app, { read, write, isEmpty, beforePrint }) {
  const bar = $(".calc-toolbar", app);
  const note = $(".calc-toolbar-note", bar);
  const say = (text) => { note.textContent = text; };

  async function share() {
    const url = store.shareURL(read());
    let box = $(".calc-share", app);
    if (!box) {
      box = document.createElement("div");
      box.className = "calc-share";
      box.innerHTML = `<label class="calc-label" for="calc-share-url">分享链接（答案在链接的“#”之后，不会发送到任何服务器）</label>
        <input id="calc-share-url" type="text" readonly>`;
      bar.after(box);
    }
    const input = $("input", box);
    input.value = url;
    try {
      await navigator.clipboard.writeText(url);
      say("已复制分享链接。");
    } catch {
      input.select();
      say("请复制下面的链接。");
    }
  }

  function exportFile() {
    const answers = read();
    const date = new Date().toISOString().slice(0, 10);
    store.download(answers, `学时自查-${answers.policy}-${date}.json`);
    say("已导出。");
  }

  async function importFile(input) {
    const file = input.files[0];
    input.value = "";
    if (!file) return;
    try {
      const answers = await store.readFile(file);
      if (!isEmpty(read()) && !(await ask({
        title: "导入文件", message: `用“${file.name}”中的内容替换当前填写的内容吗？`, confirm: "替换",
      }))) return;
      write(answers);
      say(`已导入“${file.name}”。`);
    } catch (error) {
      say(error.message);
    }
  }

  async function clear() {
    if (!(await ask({
      title: "清空全部填写", message: "清空后，本浏览器中保存的自查内容将被删除，无法恢复。确定清空吗？",
      confirm: "清空", danger: true,
    }))) return;
    store.clear();
    write(null);
    $(".calc-share", app)?.remove();
    say("已清空。");
  }

  bar.addEventListener("click", (event) => {
    const action = event.target.closest("button[data-action]")?.dataset.action;
    if (action === "print") { beforePrint(); window.print(); }
    if (action === "share") share();
    if (action === "export") exportFile();
    if (action === "clear") clear();
  });
  bar.addEventListener("change", (event) => {
    if (event.target.matches('input[data-action="import"]')) importFile(event.target);
  });
  return { say };
}
