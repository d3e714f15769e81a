"""A `Form` as an XLSX workbook, laid out as the printed form is (same cells, same merges),
with Excel's own print settings: A4, the form's orientation, fit to one page wide, and the
column header rows repeated on every printed page.

openpyxl is an optional dependency (the ``xlsx`` extra; in the browser a wheel the site
ships, loaded only when a download is asked for), so it is imported inside `render`.
Numbers are written as numbers (so a unit can sum them in Excel); everything else,
ID numbers and phone numbers included, as text cells that never become formulas
(inert.py).
"""

from __future__ import annotations

import io
import re

from ..errors import InputError
from .inert import xlsx_text
from .layout import Cell, Form

TITLE_PT = 16
BODY_PT = 10.5
FONT = "宋体"
# Width budget of the printed area in Excel character units (fit-to-width scales the rest).
WIDTH_BUDGET = {"portrait": 100, "landscape": 150}
SHEET_COLUMNS = (14, 30, 14, 30)
ROW_PT = {"value": 30, "label": 30, "seal": 96, "area": 200, "line": 22, "head": 24, "index": 24}
NUMERIC = ("int", "decimal")


def render(form: Form) -> bytes:
    try:
        from openpyxl import Workbook
    except ImportError:
        raise InputError("format", "生成 XLSX 需要 openpyxl：pip install 'calculator[xlsx]'") from None
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_name(form.title_text)
    book.properties.creator = "专业技术人员继续教育表格"
    styles = _Styles()
    if form.tabular:
        _table(sheet, form, styles)
    else:
        _grid(sheet, form, styles)
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = form.orientation
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title = Font(name=FONT, size=TITLE_PT, bold=True)
        self.body = Font(name=FONT, size=BODY_PT)
        self.bold = Font(name=FONT, size=BODY_PT, bold=True)
        self.small = Font(name=FONT, size=9)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.top = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="bottom", wrap_text=True)
        self.plain_right = Alignment(horizontal="right", vertical="center")


def _sheet_name(title: str) -> str:
    # The tab shows what the form is: 成绩单, 计划表（专业科目）... (Excel allows 31 characters).
    name = re.sub(r"[\[\]:*?/\\]", "", title)
    name = re.sub(r"^(\d{4}年度)?.*?_+(（单位）)?", "", name).replace("专业技术人员继续教育", "")
    return (name or "表格")[:31]


def _title_text(form: Form) -> str:
    return "".join("＿＿＿＿＿＿" if kind == "blank" else text for kind, text in form.title)


def _put(sheet, row: int, col: int, value, *, font=None, align=None, border=None, span: tuple[int, int] = (1, 1),
         styles: _Styles | None = None):
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, str) and value:
        xlsx_text(cell, value)          # text stays text: never a formula
    elif value != "":
        cell.value = value
    if font is not None:
        cell.font = font
    if align is not None:
        cell.alignment = align
    rows, cols = span
    if rows > 1 or cols > 1:
        sheet.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)
    if border is not None:
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                sheet.cell(row=r, column=c).border = border
    return cell


def _lines_below(sheet, form: Form, row: int, width: int, s: _Styles) -> int:
    """说明, attachments, signatures, copy-count line and remarks: one merged row each."""
    texts: list[tuple[str, object, object]] = []
    if form.notes:
        texts.append((f"{form.notes_title}：", s.body, s.left))
        texts += [(f"{i}. {n}", s.body, s.left) for i, n in enumerate(form.notes, 1)]
    if form.attachments:
        texts.append((f"{form.attachments_label}：", s.body, s.left))
        texts += [(f"{i}. {a}", s.body, s.left) for i, a in enumerate(form.attachments, 1)]
    for sig in form.signatures:
        text = f"{sig.label}{sig.seal}" + (f"\n{sig.opinion}" if sig.opinion else "") + (f"\n{sig.date}" if sig.date else "")
        texts.append((text, s.body, s.right))
    texts += [(line, s.body, s.left) for line in form.lines]
    texts += [(remark, s.small, s.left) for remark in form.remarks]
    for text, font, align in texts:
        _put(sheet, row, 1, text, font=font, align=align, span=(1, width))
        sheet.row_dimensions[row].height = 16 * (text.count("\n") + 1) + 6 * (len(text) // 60)
        row += 1
    return row


def _table(sheet, form: Form, s: _Styles) -> None:
    from openpyxl.utils import get_column_letter

    width = len(form.columns)
    _put(sheet, 1, 1, _title_text(form), font=s.title, align=s.center, span=(1, width))
    sheet.row_dimensions[1].height = 34
    row = 2
    if form.header:
        half = max(1, width // 2)
        (label, text), rest = form.header[0], form.header[1:]
        _put(sheet, row, 1, f"{label}：{text}", font=s.body, align=s.left, span=(1, half))
        if rest:
            joined = "　　".join(f"{lab}：{txt}" for lab, txt in rest)
            _put(sheet, row, half + 1, joined, font=s.body, align=s.plain_right, span=(1, width - half))
        row += 1
    head_first = row
    for head_row in form.head:
        col = 1
        for cell in head_row:
            while _is_merged(sheet, row, col):
                col += 1
            _put(sheet, row, col, cell.text, font=s.bold, align=s.center, border=s.border,
                 span=(cell.rowspan, cell.colspan))
            col += cell.colspan
        sheet.row_dimensions[row].height = 24
        row += 1
    sheet.print_title_rows = f"{head_first}:{row - 1}"
    sheet.freeze_panes = sheet.cell(row=row, column=1)
    for values in form.rows:
        for col, (value, column) in enumerate(zip(values, form.columns), 1):
            cell = _put(sheet, row, col, _typed(value, column.type), font=s.body, border=s.border,
                        align=s.left if column.type in ("text", "choice") else s.center)
            if column.type in ("id_number", "phone"):
                cell.number_format = "@"
        sheet.row_dimensions[row].height = 26
        row += 1
    total = sum(c.width for c in form.columns) or 1
    for i, column in enumerate(form.columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = round(
            WIDTH_BUDGET[form.orientation] * column.width / total, 1)
    _lines_below(sheet, form, row, width, s)


def _is_merged(sheet, row: int, col: int) -> bool:
    return any(r.min_row <= row <= r.max_row and r.min_col <= col <= r.max_col and (r.min_row, r.min_col) != (row, col)
               for r in sheet.merged_cells.ranges)


def _typed(value: str, kind: str):
    if value and kind in NUMERIC:
        number = float(value)
        return int(number) if number.is_integer() else number
    return value


def _grid(sheet, form: Form, s: _Styles) -> None:
    from openpyxl.utils import get_column_letter

    _put(sheet, 1, 1, _title_text(form), font=s.title, align=s.center, span=(1, 4))
    sheet.row_dimensions[1].height = 34
    occupied: set[tuple[int, int]] = set()
    row = 2
    for cells in form.grid:
        col = 1
        height = 0
        for cell in cells:
            while (row, col) in occupied:
                col += 1
            _put(sheet, row, col, cell.text, font=s.bold if cell.kind == "head" else s.body,
                 align=_grid_align(cell, s), border=s.border,
                 span=(cell.rowspan, cell.colspan))
            for r in range(row, row + cell.rowspan):
                for c in range(col, col + cell.colspan):
                    occupied.add((r, c))
            height = max(height, ROW_PT.get(cell.kind, 30) if cell.rowspan == 1 else 0)
            col += cell.colspan
        sheet.row_dimensions[row].height = height or 30
        row += 1
    for i, w in enumerate(SHEET_COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(i)].width = w
    _lines_below(sheet, form, row, 4, s)


def _grid_align(cell: Cell, s: _Styles):
    return {"seal": s.right, "area": s.top, "line": s.left, "value": s.left}.get(cell.kind, s.center)
