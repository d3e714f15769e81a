// The XLSX component, reported on the forms page's status line.
import { loadOpenpyxl as load } from "../shared/openpyxl.js";
import { setStatus } from "./state.js";

export const loadOpenpyxl = () => load(setStatus);
