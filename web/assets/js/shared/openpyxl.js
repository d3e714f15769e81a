// The XLSX component (openpyxl in the worker), loaded once per page, when a download
// or an import first needs it. `report` shows what is happening (a status line).
import { calculator } from "../runtime.js";

let loading = null;

export function loadOpenpyxl(report = () => {}) {
  if (!loading) {
    report("正在加载表格组件（openpyxl）…");
    loading = calculator.call("load", { package: "openpyxl" }).then(
      () => report("表格组件已加载。"),
      (error) => { loading = null; throw error; });
  }
  return loading;
}
