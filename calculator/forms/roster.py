"""Import a roster (CSV or XLSX) into the rows of a table form.

A unit keeps its staff list in Excel; we read it in the browser and fill the 参训人员名单
and 成绩单 (or Hunan's per-year 合格人员名单) from it. The columns are found by their
labels, which are the form's own (from rules.toml) or their usual variants (身份证号码,
公需学时...), wherever the header row is (our own XLSX export has a title above it and a
two-level header). Each bad row is reported with its line and the reason, and the good
rows are kept.

Checks: a name; a valid resident ID number (idcard.py) not already used on an earlier
line; 性别 matching the ID number (filled from it when empty); hours as numbers with at
most one decimal; for per-year forms a year within the policy's years.

Each person's imported hours are also checked against the year's requirement by the
engine (as entries of the form's ``hours_kind``, rules.toml's certified hours): the
result (``passed``, ``shortfall``) is advice for the screen only. It never fills the
成绩单's 成绩评定, which records the result of the unit's own training: the file's value
is kept, else the cell is left blank for the unit. Hunan's list is of qualified people
only, so there a row that does not meet the year's requirement is reported and left out.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import re
from typing import Any

from ..assessment.year import assess
from ..errors import InputError
from ..policy.loader import policy_data
from . import idcard, xlsx_read
from .layout import Column, cell_text, definition, table_columns
from .xlsx_read import column_letter

MAX_ROWS = 5000
MAX_FILE_BYTES = 5 * 1024 * 1024  # a roster of 5000 people is well under 1 MB as XLSX or CSV
HEADER_SCAN = 15                 # the header row must be among the first lines
# Usual variants of the forms' labels in units' own spreadsheets.
SYNONYMS = {
    "身份证号": ("身份证号码", "公民身份号码", "公民身份证号码", "身份证", "证件号码"),
    "公需科目": ("公需", "公需课", "公需科目学时", "公需课学时", "公需学时"),
    "专业科目": ("专业课", "专业科目学时", "专业课学时", "专业学时"),
    "成绩评定": ("成绩", "考核结果", "评定结果"),
    "序号": ("编号",),
    "年度": ("年份",),
}
YEAR_COLUMN = Column(name="year", label="年度", type="int", width=0)
HOURS = {"public": ("public", "public_hours"), "professional": ("professional", "professional_hours")}
TOTAL = "total_hours"


def upload(data: dict, at: str = "") -> tuple[bytes | str, str]:
    """The roster a page or CLI sends: CSV text, or a file's bytes in base64.

    `at` is where `data` sits in the request, so errors name the right field.
    """
    prefix = f"{at}." if at else ""
    fmt = data.get("format", "csv")
    if not isinstance(fmt, str) or fmt not in ("csv", "xlsx"):
        raise InputError(f"{prefix}format", "应为 csv 或 xlsx")
    if "base64" in data:
        encoded = data["base64"]
        if isinstance(encoded, str) and len(encoded) // 4 * 3 > MAX_FILE_BYTES:
            too_large(len(encoded) // 4 * 3)
        try:
            return base64.b64decode(encoded, validate=True), fmt
        except (binascii.Error, ValueError, TypeError):
            raise InputError(f"{prefix}base64", "不是有效的 base64 内容") from None
    if isinstance(data.get("text"), str):
        if len(data["text"]) > MAX_FILE_BYTES:
            too_large(len(data["text"].encode("utf-8", "surrogatepass")))
        return data["text"], fmt
    raise InputError(at or "text", "应提供 CSV 文字（text）或文件内容（base64）")


def too_large(size: int) -> None:
    raise InputError("file", f"文件有 {size / 1048576:.1f} MB，超过名单文件的上限 {MAX_FILE_BYTES // 1048576} MB"
                             "（5000 人的名单也不到 1 MB）：请只保留名单所在的工作表和需要的列")


def import_rows(policy_id: str, form_id: str, content: bytes | str, fmt: str) -> dict:
    """Read `content` (CSV text or bytes, or XLSX bytes) into rows of the form."""
    if len(content) > MAX_FILE_BYTES:
        too_large(len(content))
    data = policy_data(policy_id)
    spec = definition(policy_id, form_id, data)
    if spec["layout"] != "table":
        raise InputError("form", "只有表格式的表（名单、成绩单）可以导入")
    columns = table_columns(spec, data)
    wanted = columns + ([YEAR_COLUMN] if spec.get("per_year") else [])
    lines, notes = read_lines(content, fmt)
    header_at, mapping, data_from = find_header(lines, wanted)
    problems: list[dict] = []
    kept: list[dict] = []
    seen_ids: dict[str, int] = {}
    for line, cells in lines[data_from:]:
        if not any(c.strip() for c in cells):
            continue
        row = {col.name: cells[at].strip() if at < len(cells) else "" for col, at in mapping.items()}
        if is_footer(row, cells, mapping):
            continue
        if len(kept) >= MAX_ROWS:
            raise InputError("file", f"名单不能超过{MAX_ROWS}行")
        cell_notes = {col.name: (notes[(line, at)], f"{column_letter(at)}{line}")
                      for col, at in mapping.items() if (line, at) in notes}
        person = _person(row, line, wanted, spec, data, seen_ids, problems, cell_notes)
        if person is not None:
            kept.append(person)
    _verdicts(policy_id, data, kept, problems, spec)
    problems.sort(key=lambda p: p["line"])
    listed = [p for p in kept if not p.get("_excluded")]
    return {
        "policy": policy_id, "form": form_id, "header_line": header_at,
        "columns": [{"name": c.name, "label": c.label} for c in wanted],
        "people": [{"line": p["_line"], "passed": p.get("_passed"), "shortfall": p.get("_shortfall", ""),
                    **_public(p)} for p in listed],
        "problems": problems,
        "advice": _advice(data, listed),
        "counts": {"read": len(kept) + len({p["line"] for p in problems if p["column"]}),
                   "kept": len(listed), "rejected": len({p["line"] for p in problems})},
        "forms": _form_values(data, form_id, spec, listed),
    }


def _advice(data: dict, people: list[dict]) -> list[dict]:
    """The people listed whose imported hours fall short of their year's requirement:
    advice for the screen, by line (the form itself never says so)."""
    return [{"line": p["_line"], "text": f"{p.get('name', '')}：按导入的学时未达到"
                                         f"{p.get('year') or data['policy']['year']}年度学时要求（{p['_shortfall']}）"}
            for p in people if p.get("_passed") is False]


def _public(person: dict) -> dict:
    return {k: v for k, v in person.items() if not k.startswith("_")}


def _form_values(data: dict, form_id: str, spec: dict, people: list[dict]) -> dict[str, dict]:
    """Values for the imported form and for every other table form of the policy whose
    columns the import covers (the 参训人员名单 from a 成绩单 import). Per-year forms get
    one set of values per year, keyed "form:year"."""
    have = set().union(*(p.keys() for p in people)) | {"no"} if people else set()
    out = {}
    for other_id, other in data.get("forms", {}).items():
        if other.get("layout") != "table":
            continue
        names = [c.name for c in table_columns(other, data)]
        if other_id != form_id and not (names and set(names) <= have):
            continue
        def rows(group):
            return [{n: p.get(n, "") for n in names if n != "no"} for p in group]
        if other.get("per_year"):
            for year in sorted({int(p["year"]) for p in people}):
                out[f"{other_id}:{year}"] = {"year": year,
                                             "rows": rows([p for p in people if int(p["year"]) == year])}
        else:
            out[other_id] = {"rows": rows(people)}
    return out


# ------------------------------------------------------------------------- reading


def read_lines(content: bytes | str, fmt: str) -> tuple[list[tuple[int, list[str]]], dict]:
    """(line number as the person sees it, cells as text) for every row of the file, and
    what an XLSX says about its cells beyond their text ({(line, column): "formula" |
    "error" | "number"}, see xlsx_read.py)."""
    if fmt == "csv":
        return _csv_lines(content), {}
    if fmt == "xlsx":
        if isinstance(content, str):
            raise InputError("file", "XLSX 文件应以二进制内容读取")
        sheet = xlsx_read.read(content)
        return sheet.rows, sheet.kinds
    raise InputError("format", "应为 csv 或 xlsx")


def _csv_lines(content: bytes | str) -> list[tuple[int, list[str]]]:
    text = content if isinstance(content, str) else _decode(content)
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    lines = []
    start = 1
    try:
        for cells in reader:
            lines.append((start, [_unexcel(c) for c in cells]))
            start = reader.line_num + 1
    except csv.Error:
        raise InputError("file", f"第{start}行不是有效的 CSV（引号没有成对，或含有空字符）") from None
    return lines


def _delimiter(text: str) -> str:
    """Comma, tab or semicolon: whichever most of the first lines use. (csv.Sniffer gives
    up on a file whose first line is a title without any delimiter.)"""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    counts = {d: sum(1 for line in lines if d in line) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _decode(raw: bytes) -> str:
    # Excel in a Chinese locale saves "CSV" as GBK; everything else is UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("file", "无法识别文件编码（应为 UTF-8 或 GBK）")


def _unexcel(cell: str) -> str:
    """Undo the ways a CSV keeps Excel from turning an ID number into 1.10105E+17:
    ="110105..." (what our own CSV writes) and a leading tab or apostrophe."""
    if "=" not in cell:             # most cells: no need for the pattern
        return cell.strip().lstrip("'")
    match = re.fullmatch(r'\s*="(.*)"\s*', cell)
    if match:
        return match.group(1)
    return cell.strip().lstrip("'")


# ------------------------------------------------------------------------- header


def _norm(label: str) -> str:
    return re.sub(r"[\s　:：*＊]", "", label).replace("(", "（").replace(")", "）")


def _accepted(col: Column, extra: tuple[str, ...] = ()) -> set[str]:
    base = {col.label, *SYNONYMS.get(col.label, ()), *extra}
    names = set(base)
    for label in base:
        names |= {label + "学时", label + "（学时）"}
        if col.group:
            names |= {col.group + label, f"{col.group}（{label}）", f"{label}（{col.group}）"}
    return {_norm(n) for n in names}


def find_header(lines, wanted: list[Column], synonyms: dict[str, tuple[str, ...]] | None = None
                ) -> tuple[int, dict[Column, int], int]:
    """(line of the header, column -> cell index, index of the first data line). The
    header is the first line with at least two known labels and the required columns;
    `synonyms` adds variants of labels (a unit roster's own columns)."""
    accepted = {col: _accepted(col, (synonyms or {}).get(col.label, ())) for col in wanted}
    required = [c for c in wanted if c.name in ("name", "id_number", "year")]
    for i, (line, cells) in enumerate(lines[:HEADER_SCAN]):
        mapping = _match(cells, accepted)
        if len(mapping) < 2 or not all(c in mapping for c in required if c.name != "id_number"):
            continue
        after = i + 1
        # A two-level header (完成学时 over 公需科目 | 专业科目) continues on the next line.
        if after < len(lines):
            below = _match(lines[after][1], accepted)
            extra = {c: at for c, at in below.items() if c not in mapping}
            if extra and not any(at in mapping.values() for at in extra.values()):
                mapping.update(extra)
                after += 1
        missing = [c.label for c in required if c not in mapping]
        if missing:
            raise InputError("file", f"第{line}行是表头，但缺少“{'”“'.join(missing)}”列")
        return line, mapping, after
    labels = "、".join(c.label for c in wanted)
    raise InputError("file", f"前{HEADER_SCAN}行中找不到表头（应有这些列中的几列：{labels}）")


def _match(cells: list[str], accepted: dict[Column, set[str]]) -> dict[Column, int]:
    mapping = {}
    for at, cell in enumerate(cells):
        key = _norm(cell)
        for col, names in accepted.items():
            if key in names and col not in mapping:
                mapping[col] = at
                break
    return mapping


def is_footer(row: dict, cells: list[str], mapping) -> bool:
    """Lines under the table (说明, 本站注, 此表一式三份) fill one cell with a sentence;
    a person's row has an ID number or at least a short name among other cells."""
    filled = [c for c in cells if c.strip()]
    return len(filled) == 1 and not row.get("id_number") and len(filled[0].strip()) > 8


# ------------------------------------------------------------------------- rows


def _person(row: dict, line: int, wanted: list[Column], spec: dict, data: dict,
            seen_ids: dict[str, int], problems: list, notes: dict | None = None) -> dict | None:
    said: set = set()

    def bad(column: str | None, reason: str) -> None:
        if column not in said:          # one problem per cell: the first says what to fix
            said.add(column)
            problems.append({"line": line, "column": column, "reason": reason})

    out: dict[str, Any] = {"_line": line}
    ok = True
    for col in wanted:
        if col.name == "no":
            continue
        raw = row.get(col.name, "")
        spoilt = spoilt_cell(col, raw, *(notes or {}).get(col.name, (None, "")))
        if spoilt:
            bad(col.label, spoilt)
            ok = False
            continue
        try:
            out[col.name] = cell_text({"type": col.type, "label": col.label}, raw, col.label)
        except InputError as error:
            bad(col.label, error.problem)
            ok = False
    names = {c.name for c in wanted}
    if "name" in names and not out.get("name"):
        bad("姓名", "姓名为空")
        ok = False
    if "id_number" in names:
        number = out.get("id_number")
        if not number and ok and "id_number" in row:
            bad("身份证号", "身份证号为空")
            ok = False
        elif not number and "id_number" not in row:
            bad("身份证号", "文件中没有身份证号列")
            ok = False
        elif number:
            key = (number, out.get("year"))
            if key in seen_ids:
                bad("身份证号", f"与第{seen_ids[key]}行的身份证号重复")
                ok = False
            sex = idcard.parse(number).sex
            given = out.get("sex", "")
            if "sex" in names and given and given not in ("男", "女"):
                bad("性别", "性别应为“男”或“女”")
                ok = False
            elif "sex" in names and given and given != sex:
                bad("性别", f"与身份证号不符（按身份证号为{sex}）")
                ok = False
            elif "sex" in names:
                out["sex"] = sex
    if spec.get("per_year") and not out.get("year"):
        if not any(p["line"] == line and p["column"] == "年度" for p in problems):
            bad("年度", "年度为空")
        ok = False
    elif spec.get("per_year"):
        lo, hi = data["policy"]["assess_years"]["from"], data["policy"]["assess_years"]["to"]
        if not lo <= int(out["year"]) <= hi:
            bad("年度", f"应为{lo}至{hi}之间的年份")
            ok = False
    if not ok:
        return None
    if out.get("id_number"):
        # Only a kept row claims its ID number: a later good row is not its duplicate.
        seen_ids[(out["id_number"], out.get("year"))] = line
    return out


# An ID number Excel stored as a number keeps 15 significant digits: shown as 4.10302E+17,
# or as 18 digits whose last ones turned to 0 (which a real number can also end with).
EXCEL_NUMBER = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+")
EXCEL_ZEROS = re.compile(r"\d{15}0{3}")
AS_TEXT_HOW = "请把这一列设为“文本”格式后重新输入号码，或在号码前加英文单引号 '（如 '410302…），再导出"


def spoilt_cell(col: Column, raw: str, kind: str | None, ref: str) -> str | None:
    """What a spreadsheet did to a cell (`kind` from read_lines' notes, `ref` its A1
    reference), said in its own words, or None."""
    if kind == "formula":
        return (f"{ref} 是公式，但文件中没有保存它的计算结果（用程序生成的文件常见）："
                "请用 Excel 或 WPS 打开后保存一次，或把公式换成数值")
    if kind == "error":
        return f"{ref} 是错误值（{raw}），请先在表格中改正"
    if col.type == "id_number" and raw:
        try:
            idcard.parse(raw)
        except ValueError as error:
            where = f"{ref} 的" if ref else ""
            if kind == "number" or EXCEL_NUMBER.fullmatch(raw):
                return f"{where}身份证号被 Excel 当成了数字（{raw}），后几位已经丢失：{AS_TEXT_HOW}"
            if EXCEL_ZEROS.fullmatch(raw):
                return (f"{error}；若这一列在 Excel 中是数字格式，Excel 只保留 15 位有效数字，"
                        f"最后三位成了 000：{AS_TEXT_HOW}")
    return None


def _hours(person: dict, category: str) -> str | None:
    for name in HOURS[category]:
        if name in person:
            return person[name] or "0"
    return None


def _verdicts(policy_id: str, data: dict, people: list[dict], problems: list, spec: dict) -> None:
    """Totals and verdicts from the engine: each person's imported hours, as entries of
    the form's `hours_kind`, against the year's requirement."""
    kind = spec.get("hours_kind")
    for person in people:
        public, professional = _hours(person, "public"), _hours(person, "professional")
        if TOTAL in _names(spec, data) and public is not None and professional is not None:
            total = float(public) + float(professional)
            person[TOTAL] = cell_text({"type": "decimal"}, round(total, 1), TOTAL)
        if kind is None or (public is None and professional is None):
            continue
        year = int(person.get("year") or data["policy"]["year"])
        activities = [{"kind": kind, "category": c, "hours": float(h)}
                      for c, h in (("public", public), ("professional", professional)) if h is not None]
        result = assess({"policy": policy_id, "year": year, "activities": activities})
        short = "、".join(f"{data['categories'][k]}尚差{_fmt(v)}学时"
                         for k, v in result["shortfall"].items() if v)
        # Advice for the screen: the annual requirement is not the grade of the unit's
        # training, so it never fills 成绩评定 (the file's value or blank).
        person["_passed"] = result["passed"]
        person["_shortfall"] = short
        if spec.get("per_year") and not result["passed"]:
            # A list of qualified people: those who are not are reported, not listed.
            person["_excluded"] = True
            problems.append({"line": person["_line"], "column": None,
                             "reason": f"未达到{year}年度学时要求（{short}），不列入合格人员名单"})


def _names(spec: dict, data: dict) -> set[str]:
    return {c.name for c in table_columns(spec, data)}


def _fmt(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
