// Fetches, checks and inflates the memory snapshot's pages for worker.js, in a
// thread of its own: inflating takes 100 ms (gzip) to 600 ms (xz), which would otherwise queue
// behind parsing pyodide.asm.js and creating the module on the runtime's thread.
//
// The manifest's download starts at once, the pages' once worker.js posts
// { fetch: "gz" | "xz" } (it weighs the link first; { fetch: false }: not wanted); checking and
// inflating wait for "go" (once the page's own start-up is over).
// Posts { manifest: Uint8Array } as soon as snapshot.json is in, then
// { pages: { header, data } } (transferred, not copied) or { error: string }.

import { prepareSnapshot } from "./boot.js";

let go;
const gate = new Promise((resolve) => { go = resolve; });
let decide;
const want = new Promise((resolve) => { decide = resolve; });
onmessage = ({ data }) => {
  if (data === "go") go();
  else if (data?.fetch !== undefined) decide(data.fetch);   // "gz", "xz", or false
};

const { manifest, pages } = prepareSnapshot({ manifestURL: new URL("snapshot.json", import.meta.url).href, gate, want });
manifest.then((raw) => postMessage({ manifest: raw }), () => {});
pages.then(
  (inflated) => postMessage({ pages: inflated }, [...new Set([inflated.header.buffer, inflated.data.buffer])]),
  (error) => postMessage(error?.notWanted ? { skipped: true } : { error: String(error?.message ?? error) }),
).finally(() => close());
