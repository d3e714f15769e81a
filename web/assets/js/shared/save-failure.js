// A save that failed (storage full, or turned off in a private window) is said at
// the top of the page, once: what was typed stays on screen, but is lost when the
// page closes unless the person keeps it another way.
const FULL = /quota/i;

export function reportSaveFailures(howToKeep) {
  let shown = false;
  document.addEventListener("storage:failed", ({ detail }) => {
    if (shown) return;
    shown = true;
    const why = FULL.test(detail?.error?.name || "") || FULL.test(detail?.error?.message || "")
      ? "浏览器的存储空间已满" : "浏览器不允许本站保存（例如无痕模式或已关闭网站数据）";
    const bar = document.createElement("div");
    bar.className = "site-update save-failure";
    bar.setAttribute("role", "alert");
    bar.textContent = `刚才填写的内容没有保存：${why}。内容仍在页面上，但关闭或刷新页面后会丢失。${howToKeep}`;
    const close = Object.assign(document.createElement("button"), { type: "button", className: "md-button", textContent: "知道了" });
    close.addEventListener("click", () => bar.remove());
    bar.append(close);
    document.body.prepend(bar);
  });
}
