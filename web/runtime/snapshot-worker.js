// Fetches, checks and inflates the memory snapshot for worker.js, in a thread
// of its own: inflating takes about 100 ms, which would otherwise queue behind
// parsing pyodide.asm.js and creating the module on the runtime's thread.
//
// The downloads start at once; checking and inflating wait for worker.js to
// post "go" (once the page's own start-up is over).
// Posts { manifest: Uint8Array } as soon as snapshot.json is in, then
// { bytes: Uint8Array } (transferred, not copied) or { error: string }.

import { prepareSnapshot } from "./boot.js";

let go;
const gate = new Promise((resolve) => { go = resolve; });
onmessage = ({ data }) => { if (data === "go") go(); };

const { manifest, bytes } = prepareSnapshot({ manifestURL: new URL("snapshot.json", import.meta.url).href, gate });
manifest.then((raw) => postMessage({ manifest: raw }), () => {});
bytes.then(
  (image) => postMessage({ bytes: image }, [image.buffer]),
  (error) => postMessage({ error: String(error?.message ?? error) }),
).finally(() => close());
