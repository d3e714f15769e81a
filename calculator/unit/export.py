"""The unit check's result as a table `Form`, which the forms' renderers draw as CSV and
XLSX: so the downloads inherit their guards (every cell inert text, ID numbers kept as
text, numbers as numbers), their print settings (A4, landscape, the column header
repeated) and their encoding (UTF-8 with a byte-order mark for Excel).

The title says what the table is, the header which notice and year it was checked
against and which people it lists (all, or the page's filter); the CSV writes them above
the column header too. Rows follow the page's order when it sends one.
"""

from __future__ import annotations

import base64
from typing import Any

from ..errors import InputError
from ..forms import render_csv, render_xlsx
from ..forms.layout import Cell, Column, Form
from ..forms.ops import MIME, filename
from ..policy.loader import cite
from .check import CATEGORY_ORDER, totals

SHORT = ("total", "public", "professional")
REMARKS = (
    "本表由单位学时核查生成：学时按名单中的已认定学时计算，结论供单位自查，以主管部门的审核为准。",
    "还需学时：同时达到各项最低要求至少还需取得的学时（本站解释：各科目尚差学时之和与总学时尚差学时中的较大者）。",
)
# Column widths in the printed table's relative units (layout.TYPE_WIDTH's scale).
WIDTH = {"no": 3.0, "line": 3.5, "name": 5.5, "id_number": 13.0, "sex": 3.0, "text": 6.0,
         "hours": 4.2, "missing": 4.5, "verdict": 5.5, "failing": 16.0, "basis": 14.0, "notes": 12.0}


def build(result: dict, order: list[int] | None = None, scope: str | None = None) -> Form:
    people = _ordered(result["people"], order)
    labels = result["categories"]
    identity = [c for c in ("name", "id_number", "sex", "specialty", "unit") if c == "name" or c == "id_number"
                or any(p.get(c) for p in people)]
    names = {"name": "姓名", "id_number": "身份证号", "sex": "性别", "specialty": "专业", "unit": "单位"}
    columns = [Column("no", "序号", "int", WIDTH["no"]), Column("line", "名单行号", "int", WIDTH["line"])]
    columns += [Column(c, names[c], "id_number" if c == "id_number" else "text",
                       WIDTH.get(c, WIDTH["text"])) for c in identity]
    groups = (("earned", "已取得学时"), ("required", "应完成学时"), ("shortfall", "尚差学时"))
    for key, group in groups:
        columns += [Column(f"{key}_{c}", "合计" if c == "total" else labels[c], "decimal", WIDTH["hours"], group)
                    for c in CATEGORY_ORDER]
    columns += [Column("missing", "还需学时", "decimal", WIDTH["missing"]),
                Column("verdict", "结论", "text", WIDTH["verdict"]),
                Column("failing", "未达到的要求", "text", WIDTH["failing"]),
                Column("basis", "依据", "text", WIDTH["basis"]),
                Column("notes", "说明", "text", WIDTH["notes"])]
    rows = [_row(result, p, i, identity) for i, p in enumerate(people, 1)]
    policy = result["policy"]
    number = f"（{policy['document_number']}）" if policy.get("document_number") else ""
    t = result["totals"] if order is None else totals(people)
    form = Form(
        policy_id=policy["id"], form_id="unit_check", clause=result["clauses"]["requirements"],
        layout="table", orientation="landscape", draft=False, blank=not rows,
        title=[("text", f"{result['year']}年度专业技术人员继续教育学时核查结果")],
        header=[("依据", f"{policy['issuer']}《{policy['title']}》{number}"),
                ("核查年度", f"{result['year']}年度"),
                ("范围", scope or f"名单中的全部{len(people)}人")],
        columns=columns, head=_head(columns), rows=rows,
        lines=[f"合计：{t['people']}人，达到要求{t['passed']}人，未达到{t['failed']}人；"
               f"还需学时合计{hours_text_of(t['missing'])}学时。"],
        remarks=list(REMARKS), csv_caption=True,
    )
    return form


def render(result: dict, fmt: str, order: list[int] | None = None, scope: str | None = None) -> dict:
    if fmt not in ("csv", "xlsx"):
        raise InputError("download", "应为 csv 或 xlsx")
    form = build(result, order, scope)
    return _file(form, fmt, f"{result['policy']['short_name']}{result['year']}年度单位学时核查结果")


def template(policy_id: str, year: int, columns: list[Column], fmt: str, short_name: str) -> dict:
    """A blank roster to fill: the unit roster's columns, no rows."""
    if fmt not in ("csv", "xlsx"):
        raise InputError("format", "应为 csv 或 xlsx")
    width = {"id_number": 13.0, "decimal": 4.5, "int": 3.5}
    cols = [Column(c.name, c.label, c.type, width.get(c.type, 6.0), c.group) for c in columns]
    title = f"{short_name}{year}年度单位学时核查名单（模板）"
    form = Form(policy_id=policy_id, form_id="unit_roster", clause="", layout="table",
                orientation="landscape", draft=False, blank=True, title=[("text", title)],
                columns=cols, head=_head(cols), rows=[])
    return _file(form, fmt, title)


def _file(form: Form, fmt: str, title: str) -> dict:
    """A form as the worker hands a download to the page: {format, mime, filename, title,
    text (CSV) | base64 (XLSX)}."""
    content = render_csv.render(form) if fmt == "csv" else render_xlsx.render(form)
    out = {"format": fmt, "mime": MIME[fmt], "filename": filename(title, fmt), "title": title}
    if isinstance(content, bytes):
        out["base64"] = base64.b64encode(content).decode("ascii")
    else:
        out["text"] = content
    return out


def _ordered(people: list[dict], order: list[int] | None) -> list[dict]:
    if order is None:
        return people
    if not isinstance(order, list) or len(order) > len(people):
        raise InputError("order", "应为名单中人员的序号列表")
    seen = set()
    for i, index in enumerate(order):
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(people) or index in seen:
            raise InputError(f"order[{i}]", "应为名单中人员的序号（不重复）")
        seen.add(index)
    return [people[i] for i in order]


def _row(result: dict, p: dict, number: int, identity: list[str]) -> list[str]:
    cells = [str(number), str(p["line"])] + [str(p.get(c) or "") for c in identity]
    for key in ("earned", "required", "shortfall"):
        cells += ["" if p[key][c] is None else hours_text_of(p[key][c]) for c in CATEGORY_ORDER]
    cells.append(hours_text_of(p["missing"]))
    if p["deemed"]:
        verdict = "视为完成"
    else:
        verdict = "达到要求" if p["passed"] else "未达到"
    failing = "；".join(p["messages"][c].rstrip("。") for c in p["failing"])
    cells += [verdict, failing, _basis(result, p), _notes(result, p)]
    return cells


def _basis(result: dict, p: dict) -> str:
    clauses = [result["clauses"]["requirements"]]
    if p["prorated"]:
        clauses.append(p["prorated"]["clause"])
    if p["deemed"]:
        clauses.append(p["deemed"]["clause"])
    return "；".join(cite(c) for c in dict.fromkeys(clauses))


def _notes(result: dict, p: dict) -> str:
    notes = []
    if p["prorated"]:
        notes.append(f"按在岗{p['prorated']['on_post_months']}个月折算（{p['prorated']['reason_label']}）")
    if p["deemed"]:
        notes.append(p["deemed"]["text"])
    labels = {c["id"]: c["label"] for c in result["checks"]}
    notes += [f"提示：{labels.get(c, c)}" for c in p["advice"]]
    return "；".join(notes)


def hours_text_of(value: Any) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _head(columns: list[Column]) -> list[list[Cell]]:
    """One header row, or two where columns share a group (已取得学时 › 公需科目…)."""
    two = any(c.group for c in columns)
    top: list[Cell] = []
    second: list[Cell] = []
    for c in columns:
        if c.group:
            if top and top[-1].text == c.group and top[-1].kind == "head" and top[-1].rowspan == 1:
                top[-1].colspan += 1
            else:
                top.append(Cell(c.group, "head"))
            second.append(Cell(c.label, "head"))
        else:
            top.append(Cell(c.label, "head", rowspan=2 if two else 1))
    return [top, second] if two else [top]

