// Offline copy of the whole site, one versioned cache per build.
//
// The build fills in BUILD (a hash of every file) and FILES. A new build's
// worker precaches everything before it may take over, each worker answers only
// from its own cache, and old caches are deleted on activation, so a page is
// never served a mix of two builds. The new worker waits until the page asks
// it to take over (after the person agrees to reload) or until no tab uses the
// old one.
const BUILD = "__BUILD__";
const FILES = __FILES__;
const CACHE = `jxjy-${BUILD}`;
const SCOPE = new URL("./", self.location).href;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map((file) => SCOPE + file))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("jxjy-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "skip-waiting") self.skipWaiting();
  if (event.data?.type === "build") event.source?.postMessage({ type: "build", build: BUILD });
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Directory URLs are cached as such; ".../index.html" maps onto them.
    const url = new URL(request.url);
    url.search = "";
    url.hash = "";
    if (url.pathname.endsWith("/index.html")) url.pathname = url.pathname.slice(0, -"index.html".length);
    const cached = await cache.match(url.href);
    if (cached) return cached;
    try {
      return await fetch(request);
    } catch (error) {
      if (request.mode === "navigate") {
        const missing = await cache.match(SCOPE + "404.html");
        if (missing) return missing;
      }
      throw error;
    }
  })());
});
