// Fetches, checks and inflates the memory snapshot for worker.js, in a thread
// of its own: inflating takes about 100 ms, which would otherwise queue behind
// parsing pyodide.asm.js and creating the module on the runtime's thread.
//
// The downloads start at once; checking and inflating wait for worker.js to
// post "go" (once the page's own start-up is over).
// Posts { manifest: Uint8Array } as soon as snapshot.json is in, then
// { bytes: Uint8Array } (transferred, not copied) or { error: string }.

let go;
const going = new Promise((resolve) => { go = resolve; });
onmessage = ({ data }) => { if (data === "go") go(); };

const manifestURL = new URL("snapshot.json", import.meta.url).href;
const fetchBody = (url) => fetch(url).then((response) => {
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}).then((buffer) => new Uint8Array(buffer));
const manifestBytes = fetchBody(manifestURL);
manifestBytes.then((manifest) => postMessage({ manifest }), () => {});

try {
  const { fetchManifest, fetchSnapshotBytes } = await import("./boot.js");
  const { manifest } = await fetchManifest({ manifestURL, fetchBytes: () => manifestBytes });
  const fetchBytes = async (url) => {
    const body = await fetchBody(url);
    await going;
    return body;
  };
  const bytes = await fetchSnapshotBytes({ manifest, manifestURL, fetchBytes });
  postMessage({ bytes }, [bytes.buffer]);
} catch (error) {
  postMessage({ error: String(error?.message ?? error) });
}
close();
