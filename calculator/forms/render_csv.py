"""A table form as CSV for Excel: UTF-8 with a byte-order mark (without it Excel in a
Chinese locale reads the file as GBK and shows mojibake), CRLF line ends, one header row
(a two-level header is flattened to 完成学时（公需科目）), then the rows; a form with
`csv_caption` (the unit check's result) first says what it is, a line each.

Every cell is inert (inert.py): text a spreadsheet would evaluate gets a leading
apostrophe, and long digit strings (ID numbers, phone numbers, checked before they get
here) are written as ="..." so that Excel keeps them as text instead of showing
4.10302E+17 and losing the last digits; the roster importer reads both forms back.
"""

from __future__ import annotations

import csv
import io

from ..errors import InputError
from .inert import csv_cell
from .layout import Form

BOM = "\ufeff"
AS_TEXT = ("id_number", "phone")


def render(form: Form) -> str:
    if not form.tabular:
        raise InputError("format", "CSV 只提供表格式的表（计划表、名单、成绩单等）")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if form.csv_caption:
        # A table that says what it is (the unit check's: which notice, which year), as
        # its printed and XLSX forms do; a roster import finds the column header below.
        writer.writerow([csv_cell(form.title_text)])
        writer.writerows([csv_cell(f"{label}：{text}")] for label, text in form.header)
        writer.writerows([csv_cell(line)] for line in form.lines)
    writer.writerow([csv_cell(header_label(c.label, c.group)) for c in form.columns])
    if not form.blank:
        for row in form.rows:
            writer.writerow([csv_cell(v, as_text=c.type in AS_TEXT) for v, c in zip(row, form.columns)])
    return BOM + out.getvalue()


def header_label(label: str, group: str | None) -> str:
    return f"{group}（{label}）" if group else label
