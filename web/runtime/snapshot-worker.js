// Fetches, checks and inflates the memory snapshot for worker.js, in a thread
// of its own: inflating takes about 100 ms, which would otherwise wait behind
// parsing pyodide.asm.js and creating the module on the runtime's thread.
//
// Posts { manifest: Uint8Array } as soon as snapshot.json is in, then
// { bytes: Uint8Array } (transferred, not copied) or { error: string }.

const manifestURL = new URL("snapshot.json", import.meta.url).href;
const manifestBytes = fetch(manifestURL).then((response) => {
  if (!response.ok) throw new Error(`GET ${manifestURL}: HTTP ${response.status}`);
  return response.arrayBuffer();
}).then((buffer) => new Uint8Array(buffer));
manifestBytes.then((manifest) => postMessage({ manifest }), () => {});

try {
  const { fetchManifest, fetchSnapshotBytes } = await import("./boot.js");
  const { manifest } = await fetchManifest({ manifestURL, fetchBytes: () => manifestBytes });
  const bytes = await fetchSnapshotBytes({ manifest, manifestURL });
  postMessage({ bytes }, [bytes.buffer]);
} catch (error) {
  postMessage({ error: String(error?.message ?? error) });
}
close();
