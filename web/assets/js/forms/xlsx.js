// The XLSX component (openpyxl in the worker), loaded once, when a download or an
// import first needs it.
import { calculator } from "../runtime.js";
import { setStatus } from "./state.js";

let loading = null;

export function loadOpenpyxl() {
  if (!loading) {
    setStatus("正在加载表格组件（openpyxl）…");
    loading = calculator.call("load", { package: "openpyxl" }).then(
      () => setStatus("表格组件已加载。"),
      (error) => { loading = null; throw error; });
  }
  return loading;
}
