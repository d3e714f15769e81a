// Files in and out of the page, without a server: a chosen file read as base64 for
// the worker (which speaks JSON), and a worker's answer ({filename, mime, text|base64})
// saved from an in-memory blob.

/** The bytes of an ArrayBuffer as base64, in chunks (a 5 MB roster would overflow
 *  the argument list of one String.fromCharCode call). */
export function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// The same cap as calculator.forms.roster.MAX_FILE_BYTES (which checks it again):
// a roster of 5000 people is well under 1 MB as XLSX or CSV.
export const MAX_FILE_MB = 5;

/** Why a roster file is refused before it is read ("" when it is not). */
export function tooLarge(file) {
  if (file.size <= MAX_FILE_MB * 1024 * 1024) return "";
  return `文件有 ${(file.size / 1048576).toFixed(1)} MB，超过名单文件的上限 ${MAX_FILE_MB} MB（5000 人的名单也不到 1 MB）。`
    + "请只保留名单所在的工作表和需要的列。";
}

/** "csv" or "xlsx" by the file's name (a roster is one or the other). */
export const formatOf = (file) => (/\.xlsx$/i.test(file.name) ? "xlsx" : "csv");

/** Save a worker's file answer under its filename. */
export function saveFile(result) {
  const blob = result.base64
    ? new Blob([Uint8Array.from(atob(result.base64), (c) => c.charCodeAt(0))], { type: result.mime })
    : new Blob([result.text], { type: `${result.mime};charset=utf-8` });
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: result.filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}
