// Registers the site's service worker (site/sw.js) once Python is ready, so the
// precache of ~20 MB never competes with the first boot. Only the calculator
// and forms pages call this; after one visit the whole site works offline.

function offerUpdate(registration) {
  if (document.querySelector(".site-update")) return;
  const bar = document.createElement("div");
  bar.className = "site-update";
  bar.setAttribute("role", "status");
  bar.innerHTML = '本站已发布新版本。<button type="button" class="md-button">刷新以使用新版本</button>';
  bar.querySelector("button").addEventListener("click", () => {
    registration.waiting?.postMessage({ type: "skip-waiting" });
  });
  document.body.prepend(bar);
}

export async function keepOffline(siteRoot) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return null;
  let controller = navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // Reload only when a new build replaces an older one, never on the first
    // install: the page must not keep running on files of two builds.
    const replaced = controller !== null;
    controller = navigator.serviceWorker.controller;
    if (replaced) location.reload();
  });
  const registration = await navigator.serviceWorker.register(new URL("sw.js", siteRoot), { scope: siteRoot.href });
  const watch = (worker) => worker?.addEventListener("statechange", () => {
    if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(registration);
  });
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration);
  watch(registration.installing);
  registration.addEventListener("updatefound", () => watch(registration.installing));
  return registration;
}
