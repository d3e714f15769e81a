// Fetches, checks and inflates the memory snapshot's pages for worker.js, in a
// thread of its own: inflating takes about 100 ms, which would otherwise queue
// behind parsing pyodide.asm.js and creating the module on the runtime's thread.
//
// The downloads start at once; checking and inflating wait for worker.js to
// post "go" (once the page's own start-up is over).
// Posts { manifest: Uint8Array } as soon as snapshot.json is in, then
// { pages: { header, data } } (transferred, not copied) or { error: string }.

import { prepareSnapshot } from "./boot.js";

let go;
const gate = new Promise((resolve) => { go = resolve; });
onmessage = ({ data }) => { if (data === "go") go(); };

const { manifest, pages } = prepareSnapshot({ manifestURL: new URL("snapshot.json", import.meta.url).href, gate });
manifest.then((raw) => postMessage({ manifest: raw }), () => {});
pages.then(
  (inflated) => postMessage({ pages: inflated }, [...new Set([inflated.header.buffer, inflated.data.buffer])]),
  (error) => postMessage({ error: String(error?.message ?? error) }),
).finally(() => close());
