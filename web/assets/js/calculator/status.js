// The loading line above the form: what Python is doing, then "ready" or why not.
import { $ } from "../shared/dom.js";

const STEPS = ["正在下载 Python 运行环境", "已下载 Python 运行环境，正在编译", "正在加载计算器"];

export function wireStatus(app, calculator, onReady) {
  const status = $(".calc-status", app);
  const text = $(".calc-status-text", status);
  const bar = $(".calc-progress-bar", status);
  const started = performance.now();
  let step = 0;
  calculator.onStatus((event) => {
    if (event.type === "progress") {
      step = Math.max(step, STEPS.indexOf(event.detail) + 1, 1);
      bar.style.width = `${Math.round((step / (STEPS.length + 1)) * 100)}%`;
      text.textContent = `${event.detail}……您可以先填写，加载完成后自动计算。`;
    } else if (event.type === "ready") {
      bar.style.width = "100%";
      const seconds = ((event.ms ?? performance.now() - started) / 1000).toFixed(1);
      text.textContent = `计算器已就绪（加载用时 ${seconds} 秒）。所有计算都在本机浏览器内完成。`;
      app.classList.add("is-ready");
      onReady();
    } else if (event.type === "failed") {
      const alert = document.createElement("p");
      alert.className = "calc-failure";
      alert.setAttribute("role", "alert");
      alert.textContent = `计算器无法加载：${event.message}（已填写的内容仍保存在本浏览器中。）`;
      status.replaceWith(alert);
      app.classList.add("is-failed");
    }
  });
}
