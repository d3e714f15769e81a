"""The printable form: a layout built from a `[forms.<id>]` definition of rules.toml and
the values a user filled in.

Every renderer (HTML, XLSX, CSV) draws the same `Form`, so the three outputs cannot
disagree: this module decides what goes in which cell; the renderers only decide how a
cell looks. Wording that is the notice's (titles, labels, notes, seals, copy counts)
comes from rules.toml; the few words that are ours (the "本站注" remarks, the blank-date
pattern) are constants here.

Layouts (rules.toml ``layout``):

* ``sheet``: label/value cells on a four-column grid, as in the 备案表 and the 附件2
  申报表: fields two to a row, then the signature (seal) boxes, the attachment list and the
  copy-count line, all inside the one bordered table.
* ``table``: a header line (单位：（盖章）, 时间：…), a table of rows under a one- or
  two-level column header, then the 说明 notes, signature boxes and lines under it.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import typed
from ..employer import publicity
from ..employer.filing import read_date
from ..errors import InputError, shown
from ..policy.loader import policy_data
from ..untrusted import decimal_text
from . import idcard
from .inert import clean

# A blank written into a title ("2023年度____（单位）…"); the text after it says what goes there.
TITLE_BLANK = re.compile(r"_{2,}(（单位）)?")
SAMPLE_SUFFIX = "（样表）"
FULL_SPACE = "\u3000\u3000"        # the notice's 2023年　　月　　日 blanks
CHINESE_DIGITS = "零一二三四五六七八九十"
# Tables wider than this many columns are printed landscape (the 计划表's ten columns
# do not fit a portrait A4 at a legible size; the 成绩单's eight do).
PORTRAIT_MAX_COLUMNS = 8
# Empty rows on a blank table: enough to fill one A4 page, as a printed sample does.
BLANK_ROWS = {"portrait": 20, "landscape": 10}
# Printed relative column widths by value type; text columns share what is left.
TYPE_WIDTH = {"int": 3.0, "decimal": 4.5, "id_number": 13.0, "date": 7.0, "phone": 8.0}
TEXT_WIDTH = 7.0
SHORT_TEXT_WIDTH = 5.5              # 姓名, 性别, 专业: a two-character header, short values
HEADER_CHARS = 4                    # a longer header may wrap onto a second line
LABEL_EM = 1.05                     # a bold header character, in em, plus padding below
LABEL_PAD = 1.6
MAX_TEXT = 500

# Our remarks, printed on the form so a reader of the paper knows what is not the notice's.
DRAFT_REMARK = "草表：通知未给出此表的版式，栏目由本站根据通知内容拟定，仅供参考。"
BORROWED_REMARK = ("本站注：通知只列出此表的表名，未给出栏目；本表采用{source}的身份识别栏目"
                   "（{labels}）。")
REMARK_PREFIX = "本站注："
# Until rules.toml can name the attachment block (see the report of the forms work),
# the label of a numbered attachment list on a sheet is the 备案表's own wording.
ATTACHMENTS_LABEL = {"sheet": "备案资料", "table": "所附材料"}
# What a form's values may hold (build()), a filler's or a person's.
VALUE_KEYS = ("variant", "year", "fields", "rows", "signatures", "attachments", "remarks", "publicity")


@dataclass
class Cell:
    """One cell of a sheet grid or of a table header. `text` may hold line breaks."""

    text: str
    kind: str = "value"        # label | value | seal | area | line | head | index
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    type: str
    width: float
    group: str | None = None   # the label of the parent column of a two-level header


@dataclass
class Signature:
    label: str
    seal: str
    opinion: str
    date: str


@dataclass
class Form:
    policy_id: str
    form_id: str
    clause: str                              # policy-id#anchor
    layout: str                              # sheet | table
    orientation: str                         # portrait | landscape
    draft: bool
    blank: bool
    title: list[tuple[str, str]]             # (text | blank | fill, text) segments
    header: list[tuple[str, str]] = field(default_factory=list)      # (label, text)
    grid: list[list[Cell]] = field(default_factory=list)             # sheet
    head: list[list[Cell]] = field(default_factory=list)             # table header rows
    columns: list[Column] = field(default_factory=list)              # table leaf columns
    rows: list[list[str]] = field(default_factory=list)              # table body
    notes_title: str = "说明"
    notes: list[str] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)        # table layout
    attachments_label: str = ""
    attachments: list[str] = field(default_factory=list)             # table layout
    lines: list[str] = field(default_factory=list)                   # copies line etc.
    remarks: list[str] = field(default_factory=list)                 # 本站注, printed small
    page_note: str = ""                                              # web page only
    csv_caption: bool = False        # CSV: the title, header and lines above the table

    @property
    def title_text(self) -> str:
        return "".join("____" if kind == "blank" else text for kind, text in self.title)

    @property
    def tabular(self) -> bool:
        return self.layout == "table"


# ----------------------------------------------------------------------- definitions


def form_ids(policy_id: str) -> list[str]:
    return list(policy_data(policy_id).get("forms", {}))


def definition(policy_id: str, form_id: str, data: dict | None = None) -> dict:
    """A form's validated ``[forms.<id>]`` table; InputError naming the forms there are."""
    data = data or policy_data(policy_id)
    forms = data.get("forms", {})
    if not isinstance(form_id, str):
        raise InputError("form", f"{shown(form_id)} 不是表格编号（可选：{'、'.join(forms) or '（无）'}）")
    if form_id not in forms:
        known = "、".join(forms) or "（无）"
        raise InputError("form", f"“{policy_id}”没有名为“{form_id}”的表格（可选：{known}）")
    return forms[form_id]


# ----------------------------------------------------------------------- building


def build(policy_id: str, form_id: str, values: dict | None = None) -> Form:
    """The layout of one form, blank when `values` is empty or None."""
    data = policy_data(policy_id)
    spec = definition(policy_id, form_id, data)
    values = values or {}
    if not isinstance(values, dict):
        raise InputError("values", "应为对象（JSON object）")
    unknown = sorted(set(values) - set(VALUE_KEYS))
    if unknown:
        raise InputError(unknown[0], f"不是表格数据的栏目（可用：{'、'.join(VALUE_KEYS)}）")
    year = _year(values, spec, data)
    columns_spec, header_spec, borrowed_from = _columns_spec(spec, data)
    fields = _field_values(header_spec, spec.get("fields", []), values.get("fields") or {})
    columns = leaf_columns(columns_spec)
    rows = _row_values(columns, values.get("rows") or [])
    variant = _variant(spec, values.get("variant"))
    blank = not (fields or rows or values.get("signatures") or values.get("attachments"))

    form = Form(
        policy_id=policy_id, form_id=form_id, clause=f"{policy_id}#{spec['clause']}",
        layout=spec["layout"], draft=spec.get("draft", False), blank=blank,
        orientation="landscape" if len(columns) > PORTRAIT_MAX_COLUMNS else "portrait",
        title=_title(spec, fields, year, variant),
    )
    form.header = [(cell["label"], _header_text(cell, fields, year)) for cell in header_spec]
    signatures = [_signature(s, values.get("signatures") or {}, year, i)
                  for i, s in enumerate(spec.get("signatures", []))]
    attachments = _attachments(spec, values.get("attachments"))
    label = ATTACHMENTS_LABEL[form.layout]

    if form.layout == "sheet":
        form.grid = _sheet_grid(spec, fields, signatures, attachments, label)
    else:
        form.columns = columns
        form.head = _table_head(columns_spec)
        form.rows = rows or [[""] * len(columns) for _ in range(BLANK_ROWS[form.orientation])]
        form.signatures = signatures
        form.attachments, form.attachments_label = attachments, label if attachments else ""
    notes = spec.get("notes")
    if notes:
        form.notes = list(notes["items"])
    copies = _copies_line(spec)
    if copies and form.layout == "table":
        form.lines.append(copies)
    form.lines += _publicity_lines(policy_id, spec, data, values.get("publicity"))
    if form.draft:
        form.remarks.append(DRAFT_REMARK)
    if borrowed_from:
        source, labels = borrowed_from
        form.remarks.append(BORROWED_REMARK.format(source=source, labels="、".join(labels)))
    form.remarks += _remarks(values.get("remarks"))
    # The page shows the definition's note unless it only repeats the copy-count line, or
    # says the table has no columns when we have borrowed the 成绩单's (the remark says so).
    note = spec.get("note", "")
    form.page_note = "" if note == copies or borrowed_from else note
    return form


def _remarks(given: Any) -> list[str]:
    """Remarks a filler adds (why a figure is what it is), printed as 本站注."""
    if given is None:
        return []
    if not isinstance(given, list):
        raise InputError("remarks", "应为文字列表")
    texts = [cell_text({"type": "text"}, remark, f"remarks[{i}]") for i, remark in enumerate(given)]
    return [REMARK_PREFIX + text for text in texts if text]


def _year(values: dict, spec: dict, data: dict) -> int | None:
    """The year a form is for: the policy's, or for per-year forms (a list posted once for
    each assessed year) the one asked for; None leaves the title's year blank."""
    year = values.get("year")
    if year is None:
        return None if spec.get("per_year") else data["policy"]["year"]
    lo, hi = data["policy"]["assess_years"]["from"], data["policy"]["assess_years"]["to"]
    if isinstance(year, bool) or not isinstance(year, int) or not lo <= year <= hi:
        raise InputError("year", f"应为{lo}至{hi}之间的年份")
    return year


def _variant(spec: dict, variant: Any) -> str | None:
    variants = spec.get("variants")
    if variant in (None, ""):
        return None
    if not variants or variant not in variants:
        raise InputError("variant", f"应为：{'、'.join(variants or []) or '（此表不分类别）'}")
    return variant


def _title(spec: dict, fields: dict, year: int | None, variant: str | None) -> list[tuple[str, str]]:
    title = spec["title"].replace(SAMPLE_SUFFIX, "")
    variants = spec.get("variants")
    if variant and variants:
        title = title.replace("/".join(variants), variant)
    segments: list[tuple[str, str]] = []
    at = 0
    for match in TITLE_BLANK.finditer(title):
        segments.append(("text", title[at:match.start()]))
        if match.group(1):          # ____（单位）: the unit's name
            unit = fields.get("unit_name") or fields.get("unit")
            segments += [("fill", unit)] if unit else [("blank", ""), ("text", match.group(1))]
        else:                       # ____年度: the year of a per-year form
            segments.append(("fill", str(year)) if year else ("blank", ""))
        at = match.end()
    segments.append(("text", title[at:]))
    return [s for s in segments if s[1] or s[0] == "blank"]


# ----------------------------------------------------------------------- values


def _field_values(header: list[dict], fields: list[dict], given: Any) -> dict[str, str]:
    if not isinstance(given, dict):
        raise InputError("fields", "应为对象（栏目名 → 内容）")
    cells = {c["name"]: c for c in [*header, *fields]}
    out = {}
    for name, raw in given.items():
        if name not in cells:
            raise InputError(f"fields.{name}", f"不是此表的栏目（可用：{'、'.join(cells) or '无'}）")
        text = cell_text(cells[name], raw, f"fields.{name}")
        if text:
            out[name] = text
    return out


def _row_values(columns: list[Column], given: Any) -> list[list[str]]:
    if not isinstance(given, list):
        raise InputError("rows", "应为列表")
    names = {c.name: c for c in columns}
    rows = []
    for i, row in enumerate(given):
        if not isinstance(row, dict):
            raise InputError(f"rows[{i}]", "应为对象（列名 → 内容）")
        for key in row:
            if key not in names:
                raise InputError(f"rows[{i}].{key}", f"不是此表的列（可用：{'、'.join(names)}）")
        cells = []
        for column in columns:
            value = row.get(column.name)
            if column.name == "no" and value in (None, ""):
                value = i + 1        # 序号 numbers itself
            cells.append(cell_text({"type": column.type, "label": column.label}, value,
                                   f"rows[{i}].{column.name}"))
        rows.append(cells)
    return rows


def cell_text(cell: dict, raw: Any, where: str) -> str:
    """A value as printed, checked against the cell's type (InputError names `where`)."""
    kind = cell.get("type", "text")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise InputError(where, f"{shown(raw)} 不是文字或数字")
    text = typed.half_width(raw) if kind in ("int", "decimal") and isinstance(raw, str) else clean(str(raw)).strip()
    if kind in ("int", "decimal"):
        # Bounded before converting: int(Decimal("1e2000000")) alone takes minutes.
        number = decimal_text(repr(raw) if isinstance(raw, float) else str(raw) if isinstance(raw, int) else text)
        if number is None:
            raise InputError(where, f"{shown(raw)} 不是数字" if kind == "decimal" else f"{shown(raw)} 不是不小于0的整数")
        if kind == "int":
            if number < 0 or number != number.to_integral_value():
                raise InputError(where, f"{shown(raw)} 不是不小于0的整数")
            _at_most(cell, int(number), where)
            return str(int(number))
        if number < 0 or number.as_tuple().exponent < -1:
            raise InputError(where, f"{shown(raw)} 不是不小于0、最多一位小数的数字")
        _at_most(cell, number, where)
        return format(number.normalize(), "f") if number != number.to_integral_value() else str(int(number))
    if kind == "id_number":
        try:
            return idcard.parse(text).number
        except ValueError as error:
            raise InputError(where, str(error)) from None
    if kind == "date":
        return _date_text(text, where)
    if kind == "choice" and cell.get("choices") and text not in cell["choices"]:
        raise InputError(where, f"{shown(raw)} 不是可选的值，应为：{'、'.join(cell['choices'])}")
    if kind == "phone" and not re.fullmatch(r"[0-9０-９+()（）\- 转]{3,40}", text):
        raise InputError(where, f"{shown(raw)} 不是电话号码（数字、空格、-、+、括号或“转”）")
    if len(text) > MAX_TEXT:
        raise InputError(where, f"不能超过{MAX_TEXT}个字")
    return text


def _at_most(cell: dict, number, where: str) -> None:
    if cell.get("max") is not None and number > cell["max"]:
        raise InputError(where, f"{shown(number)} 大于 {cell['max']}：不能大于 {cell['max']}")


def _date_text(text: str, where: str) -> str:
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(where, f"{shown(text)} 不是日期（YYYY-MM-DD）") from None
    return f"{day.year}年{day.month}月{day.day}日"


def blank_date(year: int | None) -> str:
    return f"{year if year else FULL_SPACE}年{FULL_SPACE}月{FULL_SPACE}日"


def _header_text(cell: dict, fields: dict, year: int | None) -> str:
    value = fields.get(cell["name"], "")
    if cell.get("type") == "date":
        return value or blank_date(year)
    if cell.get("type") == "seal":
        return f"{value}（{cell.get('note') or '盖章'}）"
    return value


def _signature(spec: dict, given: Any, year: int | None, index: int) -> Signature:
    if not isinstance(given, dict):
        raise InputError("signatures", "应为对象（签章栏名 → 意见）")
    opinion = cell_text({"type": "text"}, given.get(spec["name"]), f"signatures.{spec['name']}")
    return Signature(label=spec["label"], seal=f"（{spec['seal']}）", opinion=opinion,
                     date=blank_date(year) if spec.get("dated", True) else "")


def _attachments(spec: dict, given: Any) -> list[str]:
    if given is None:
        return list(spec.get("attachments", []))
    if not isinstance(given, list) or not all(isinstance(a, str) for a in given):
        raise InputError("attachments", "应为文字列表")
    return [a.strip() for a in given if a.strip()]


def _publicity_lines(policy_id: str, spec: dict, data: dict, given: Any) -> list[str]:
    """A list to be posted (Hunan's 合格人员名单) carries the posting period the notice asks
    for: the deadlines of rules.toml that cite the form's clause with a minimum number of
    working days. The dates are blank unless a first day is given (``publicity =
    {"start": "YYYY-MM-DD"}``): then the end is the earliest the minimum allows
    (`calculator.employer.publicity`). The unit posts the lists in the year it applies, not
    in the year a list covers."""
    start = None
    if given is not None:
        if not isinstance(given, dict) or set(given) - {"start"}:
            raise InputError("publicity", "应为对象：{\"start\": \"YYYY-MM-DD\"}")
        if given.get("start") not in (None, ""):
            start = read_date(given["start"], "publicity.start")
    lines = []
    for deadline in data.get("deadlines", []):
        days = deadline.get("min_working_days")
        if days and deadline.get("clause") == spec["clause"]:
            if start is None:
                lines.append(f"公示时间：{blank_date(None)}至{blank_date(None)}（不少于{days}个工作日）")
                continue
            period = publicity.end_date(policy_id, start, deadline["id"])
            end = _dt.date.fromisoformat(period["end"])
            lines.append(f"公示时间：{_cn_date(start)}至{_cn_date(end)}（不少于{days}个工作日）")
    return lines


def _cn_date(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _copies_line(spec: dict) -> str:
    copies = spec.get("copies")
    if not copies:
        return ""
    count = CHINESE_DIGITS[copies] if copies <= 10 else str(copies)
    to = spec.get("copies_to")
    return f"此表一式{count}份，{'、'.join(to)}各一份。" if to else f"此表一式{count}份。"


# ----------------------------------------------------------------------- table layout


def table_columns(spec: dict, data: dict) -> list[Column]:
    """The leaf columns of a table form (a two-level header gives its lower row), with
    the borrowed identifying columns of a table whose columns the notice does not give."""
    return leaf_columns(_columns_spec(spec, data)[0])


def _columns_spec(spec: dict, data: dict) -> tuple[list[dict], list[dict], tuple[str, list[str]] | None]:
    """The columns and header line of a table form. A table whose columns the notice does
    not give (the 参训人员名单) takes the identifying columns of the policy's table that has
    an ID-number column (the 成绩单): everything up to and including that column, and that
    table's header line (单位：（盖章）, 时间) when it has none of its own."""
    header = list(spec.get("header", []))
    if spec.get("columns") or spec["layout"] != "table":
        return list(spec.get("columns", [])), header, None
    for other in data.get("forms", {}).values():
        cols = other.get("columns", [])
        at = next((i for i, c in enumerate(cols) if c.get("type") == "id_number"), None)
        if at is not None:
            borrowed = cols[:at + 1]
            source = re.sub(r"^.*专业技术人员继续教育|（样表）$", "", other["title"]).replace("参训人员", "")
            return borrowed, header or list(other.get("header", [])), \
                (source or other["title"], [c["label"] for c in borrowed])
    return [], header, None


def leaf_columns(columns: list[dict]) -> list[Column]:
    leaves = []
    for c in columns:
        for child in c.get("children") or [c]:
            kind = child.get("type", "text")
            # Wide enough for the header on one line, else for the type's usual value.
            usual = TYPE_WIDTH.get(kind, SHORT_TEXT_WIDTH if len(child["label"]) <= 2 else TEXT_WIDTH)
            width = max(usual, min(len(child["label"]), HEADER_CHARS) * LABEL_EM + LABEL_PAD)
            leaves.append(Column(name=child["name"], label=child["label"], type=kind, width=width,
                                 group=c["label"] if c.get("children") else None))
    return leaves


def _table_head(columns: list[dict]) -> list[list[Cell]]:
    two_level = any(c.get("children") for c in columns)
    top, second = [], []
    for c in columns:
        if c.get("children"):
            top.append(Cell(c["label"], "head", colspan=len(c["children"])))
            second += [Cell(child["label"], "head") for child in c["children"]]
        else:
            top.append(Cell(c["label"], "head", rowspan=2 if two_level else 1))
    return [top, second] if two_level else [top]


# ----------------------------------------------------------------------- sheet layout


def _sheet_grid(spec: dict, fields: dict, signatures: list[Signature], attachments: list[str],
                label: str) -> list[list[Cell]]:
    """Four columns (label, value, label, value), laid out as the notice's samples are:
    fields in pairs; an odd number of signature boxes puts the first on a row of its own
    (备案表: 单位意见, then 行业主管部门审核 | 人社部门备案); a list of attachments gets a
    序号/名称 block, a single one a full-width area (附件2's screenshot); the copy-count
    line closes the table."""
    grid: list[list[Cell]] = []
    pending: list[Cell] = []
    for cell in spec.get("fields", []):
        value = Cell(_sheet_value(cell, fields), "value")
        if cell.get("type") == "image":
            grid.append([Cell(cell["label"], "label"), Cell(value.text, "area", colspan=3)])
            continue
        pending += [Cell(cell["label"], "label"), value]
        if len(pending) == 4:
            grid.append(pending)
            pending = []
    if pending:
        pending[-1].colspan = 3
        grid.append(pending)

    boxes = [(Cell(s.label, "label"), Cell(_seal_text(s), "seal")) for s in signatures]
    if len(boxes) % 2:
        head_label, head_seal = boxes.pop(0)
        head_seal.colspan = 3
        grid.append([head_label, head_seal])
    for i in range(0, len(boxes), 2):
        grid.append([*boxes[i], *boxes[i + 1]])

    if len(attachments) == 1:
        grid.append([Cell(attachments[0], "area", colspan=4)])
    elif attachments:
        grid.append([Cell(label, "label", rowspan=len(attachments) + 1), Cell("序号", "head"),
                     Cell("名称", "head", colspan=2)])
        for i, name in enumerate(attachments, 1):
            grid.append([Cell(str(i), "index"), Cell(name, "value", colspan=2)])
    copies = _copies_line(spec)
    if copies:
        grid.append([Cell(copies, "line", colspan=4)])
    return grid


def _sheet_value(cell: dict, fields: dict) -> str:
    return fields.get(cell["name"], "")


def _seal_text(signature: Signature) -> str:
    return "\n".join(t for t in (signature.opinion, signature.seal, signature.date) if t)
