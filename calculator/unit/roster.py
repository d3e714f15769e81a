"""A unit's roster for the unit check: which columns it may have, and its rows read into
people (or problems, each with its line).

The columns come from the policy, none is named here by notice:

* who the person is: 姓名 and 身份证号 (required), and 序号, 性别, 专业, 单位, plus the
  text columns of the policy's roster forms (湖南's 学习内容) and the 成绩评定 of the
  unit's own training, carried to the forms the result fills;
* the certified hours: 公需科目 and 专业科目 (学时), entries of the roster forms'
  ``hours_kind`` (rules.toml); an empty cell is 0;
* when the policy pro-rates (``[circumstances]``): its months-on-post label and 折算原因,
  a reason given by its label, part of it (病假, 生育) or its value;
* when the policy has a posting that completes the year (method ``deemed_complete``):
  its months, and whether its assessment was qualified where the notice asks;
* 年度, optional: a row of another year than the one checked is a problem, not a silent
  mismatch.

The file is read as the forms' roster import reads it (`calculator.forms.roster`: CSV in
UTF-8 or GBK/GB18030, XLSX, the header row found among the first lines, footers
skipped), and cells are checked as the forms check them (`layout.cell_text`: resident ID
numbers by `idcard`, hours with at most one decimal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..forms import idcard
from ..forms import roster as forms_roster
from ..forms.layout import Column, cell_text, table_columns
from ..forms.xlsx_read import column_letter
from ..policy.loader import policy_data
from ..policy.model import Kind, Policy

HOURS_GROUP = "完成学时"
CATEGORIES = ("public", "professional")
IDENTITY = (("no", "序号", "int"), ("name", "姓名", "text"), ("sex", "性别", "text"),
            ("id_number", "身份证号", "id_number"), ("specialty", "专业", "text"), ("unit", "单位", "text"))
# Usual headers of units' own spreadsheets for the unit roster's columns.
SYNONYMS = {
    "单位": ("部门", "工作单位", "所在单位", "所在部门", "科室"),
    "折算原因": ("折算情形", "折算理由", "在岗折算原因", "不在岗原因"),
    "在岗月数": ("实际在岗月数", "本年度在岗月数", "在岗时间（月）", "在岗月份数"),
    "援派月数": ("外派月数", "援派工作月数", "外派工作月数", "挂职月数"),
    "考核合格": ("考核是否合格", "外派考核合格", "援派考核合格", "考核结果是否合格"),
}
# Columns read apart from the loop over cells, and values that are no person's field.
UNREAD = frozenset(("no", "reason", "posting_qualified"))
NOT_FIELDS = frozenset(("public", "professional", "on_post_months", "posting_months", "year_given"))
MAX_TEXT = 500                  # layout.MAX_TEXT: a longer cell gets cell_text's message
# Numbers already written as cell_text writes them (no leading zero, no trailing .0).
CANONICAL = {"int": re.compile(r"0|[1-9][0-9]{0,5}"), "decimal": re.compile(r"(?:0|[1-9][0-9]{0,5})(?:\.[1-9])?")}
NUMERIC = frozenset(CANONICAL)
YES = ("是", "合格", "考核合格", "√", "✓", "y", "yes", "true", "1")
NO = ("否", "不合格", "考核不合格", "×", "✗", "n", "no", "false", "0")


@dataclass(frozen=True)
class Posting:
    """The policy's posting that completes the year, as two columns of the roster."""

    kind: Kind
    months_field: str
    qualified_field: str | None
    months: Column
    qualified: Column | None


@dataclass(frozen=True)
class Layout:
    """The columns a unit roster of this policy may have."""

    columns: list[Column]
    synonyms: dict[str, tuple[str, ...]]
    hours_kind: str
    hours: dict[str, Column]                  # public, professional
    on_post: Column | None
    reason: Column | None
    posting: Posting | None
    year: Column
    carried: list[Column]                     # text columns carried to the roster forms
    columns_of: dict[str, str]                # engine field -> the column it comes from


@dataclass
class Person:
    line: int
    fields: dict[str, str]                    # identity and carried text, as printed
    hours: dict[str, str]                     # category -> hours as printed ("" = none)
    circumstances: dict | None = None         # {"on_post_months", "reason"}
    posting: dict | None = None               # {months_field: n, qualified_field?: bool}
    columns_of: dict[str, str] = field(default_factory=dict)   # engine field -> column label


def layout(policy: Policy) -> Layout:
    data = policy_data(policy.id)
    roster_forms = [f for f in data.get("forms", {}).values() if f.get("filled_from") == "roster"]
    hours_kind = next((f["hours_kind"] for f in roster_forms if f.get("hours_kind")), None) \
        or next((k.id for k in policy.kinds.values() if k.method == "certified"), None)
    if hours_kind is None:
        raise InputError("policy", f"“{policy.id}”没有可按已认定学时核查的活动类型")
    columns = [Column(name=n, label=label, type=t, width=0) for n, label, t in IDENTITY]
    known = {c.name for c in columns} | {"public", "professional", "public_hours", "professional_hours",
                                          "total_hours", "year"}
    carried = []
    for form in roster_forms:
        for col in table_columns(form, data):
            if col.name not in known and col.type == "text":
                known.add(col.name)
                carried.append(Column(name=col.name, label=col.label, type="text", width=0))
    hours = {c: Column(name=c, label=policy.categories[c], type="decimal", width=0, group=HOURS_GROUP)
             for c in CATEGORIES}
    columns += hours.values()
    synonyms = dict(SYNONYMS)
    on_post = reason = None
    if policy.pro_rating is not None:
        on_post = Column(name="on_post_months", label=policy.pro_rating.on_post_label, type="int", width=0)
        reason = Column(name="reason", label="折算原因", type="text", width=0)
        synonyms[on_post.label] = ("在岗月数", *SYNONYMS["在岗月数"])
        columns += [on_post, reason]
    posting = _posting(policy, synonyms)
    if posting is not None:
        columns += [c for c in (posting.months, posting.qualified) if c is not None]
    columns += carried
    year = Column(name="year_given", label="年度", type="int", width=0)
    columns.append(year)
    columns_of = {c: hours[c].label for c in CATEGORIES}
    if on_post is not None:
        columns_of |= {"on_post_months": on_post.label, "reason": reason.label}
    if posting is not None:
        columns_of[posting.months_field] = posting.months.label
        if posting.qualified is not None:
            columns_of[posting.qualified_field] = posting.qualified.label
    return Layout(columns=columns, synonyms=synonyms, hours_kind=hours_kind, hours=hours, on_post=on_post,
                  reason=reason, posting=posting, year=year, carried=carried, columns_of=columns_of)


def _posting(policy: Policy, synonyms: dict) -> Posting | None:
    kind = next((k for k in policy.kinds.values() if k.method == "deemed_complete"), None)
    if kind is None:
        return None
    short = kind.short_label or kind.label
    months_field = kind.params["months_field"]
    qualified_field = kind.params.get("qualified_field")
    months = Column(name="posting_months", label=f"{short}月数", type="int", width=0)
    synonyms[months.label] = (kind.field(months_field).label, "援派月数", *SYNONYMS["援派月数"])
    qualified = None
    if qualified_field:
        qualified = Column(name="posting_qualified", label=f"{short}考核合格", type="text", width=0)
        synonyms[qualified.label] = (kind.field(qualified_field).label, *SYNONYMS["考核合格"])
    return Posting(kind=kind, months_field=months_field, qualified_field=qualified_field,
                   months=months, qualified=qualified)


# ------------------------------------------------------------------------- reading


@dataclass
class Reading:
    header_line: int
    found: list[Column]                       # the columns the file has
    people: list[Person]
    problems: list[dict]
    rows: int                                 # lines read as people (kept or not)


def read(policy: Policy, year: int, content: bytes | str, fmt: str, shape: Layout) -> Reading:
    lines, notes = forms_roster.read_lines(content, fmt)
    header_line, mapping, data_from = forms_roster.find_header(lines, shape.columns, shape.synonyms)
    if "id_number" not in {c.name for c in mapping}:
        raise InputError("file", f"第{header_line}行是表头，但缺少“身份证号”列")
    if not any(c in mapping for c in shape.hours.values()):
        labels = "”“".join(c.label for c in shape.hours.values())
        raise InputError("file", f"第{header_line}行是表头，但没有学时列（“{labels}”）")
    if shape.reason is not None and (shape.on_post in mapping) != (shape.reason in mapping):
        have, lack = (shape.on_post, shape.reason) if shape.on_post in mapping else (shape.reason, shape.on_post)
        raise InputError("file", f"有“{have.label}”列就要有“{lack.label}”列（按在岗时间折算需要两者）")
    people: list[Person] = []
    problems: list[dict] = []
    seen: dict[str, int] = {}
    rows = 0
    for line, cells in lines[data_from:]:
        if not any(c.strip() for c in cells):
            continue
        row = {col: cells[at].strip() if at < len(cells) else "" for col, at in mapping.items()}
        if forms_roster.is_footer({c.name: v for c, v in row.items()}, cells, mapping):
            continue
        rows += 1
        if rows > forms_roster.MAX_ROWS:
            raise InputError("file", f"名单不能超过{forms_roster.MAX_ROWS}行")
        # What the spreadsheet said about a cell (an uncached formula, an error, an ID
        # number stored as a number), by its A1 reference.
        cell_notes = {col: (notes[(line, at)], f"{column_letter(at)}{line}")
                      for col, at in mapping.items() if (line, at) in notes} if notes else {}
        person = _person(policy, year, shape, line, row, seen, problems, cell_notes)
        if person is not None:
            people.append(person)
    found = [c for c in shape.columns if c in mapping]
    return Reading(header_line=header_line, found=found, people=people, problems=problems, rows=rows)


def _person(policy: Policy, year: int, shape: Layout, line: int, row: dict[Column, str],
            seen: dict[str, int], problems: list[dict], cell_notes: dict | None = None) -> Person | None:
    before = len(problems)

    def bad(column: Column | None, reason: str) -> None:
        problems.append({"line": line, "column": column.label if column else None, "reason": reason})

    values: dict[str, Any] = {}
    by_name = {c.name: c for c in row}
    sex = ""
    for col, raw in row.items():
        if col.name in UNREAD:
            continue
        if cell_notes and col in cell_notes:
            spoilt = forms_roster.spoilt_cell(col, raw, *cell_notes[col])
            if spoilt:
                bad(col, spoilt)
                continue
        # Fast paths for what most cells hold, giving what cell_text would (the row's
        # cells are stripped already): thousands of rows are read while the page waits.
        if not raw or (col.type == "text" and len(raw) <= MAX_TEXT) or (
                col.type in NUMERIC and CANONICAL[col.type].fullmatch(raw)):
            values[col.name] = raw
            continue
        try:
            if col.type == "id_number":
                # Parsed here rather than by cell_text: once gives the number and the sex.
                parsed = idcard.parse(raw) if raw else None
                values[col.name], sex = (parsed.number, parsed.sex) if parsed else ("", "")
            else:
                values[col.name] = cell_text({"type": col.type, "label": col.label}, raw, col.label)
        except ValueError as error:          # InputError is a ValueError too
            # An ID number Excel turned into a number is said to be Excel's doing.
            said = forms_roster.spoilt_cell(col, raw, None, "") if col.type == "id_number" else None
            bad(col, said or (error.problem if isinstance(error, InputError) else str(error)))
    if "name" in values and not values["name"]:
        bad(by_name["name"], "姓名为空")
    number = values.get("id_number")
    if "id_number" in values and not number:
        bad(by_name["id_number"], "身份证号为空")
    elif number:
        if number in seen:
            bad(by_name["id_number"], f"与第{seen[number]}行的身份证号重复")
        given = values.get("sex", "")
        if given and given not in ("男", "女"):
            bad(by_name["sex"], "性别应为“男”或“女”")
        elif given and given != sex:
            bad(by_name["sex"], f"与身份证号不符（按身份证号为{sex}）")
        else:
            values["sex"] = sex
    given_year = values.get("year_given")
    if given_year and int(given_year) != year:
        bad(shape.year, f"为{given_year}年，与核查的{year}年度不符")
    circumstances = _circumstances(policy, shape, row, values, bad)
    posting = _posting_values(shape, row, values, bad)
    if len(problems) > before:
        return None
    if number:
        seen[number] = line              # only a kept row claims its ID number
    fields = {k: v for k, v in values.items() if k not in NOT_FIELDS}
    hours = {c: values.get(c, "") for c in CATEGORIES}
    return Person(line=line, fields=fields, hours=hours, circumstances=circumstances, posting=posting,
                  columns_of=shape.columns_of)


def _circumstances(policy: Policy, shape: Layout, row: dict, values: dict, bad) -> dict | None:
    if shape.on_post is None or shape.on_post not in row:
        return None
    months, raw_reason = values.get("on_post_months", ""), row.get(shape.reason, "").strip()
    if not months and not raw_reason:
        return None
    if not raw_reason:
        bad(shape.reason, f"填写了{shape.on_post.label}，应同时填写折算原因（{_reason_list(policy)}）")
        return None
    reason = match_reason(policy, raw_reason)
    if reason is None:
        bad(shape.reason, f"“{raw_reason}”不是通知所列的情形（{_reason_list(policy)}）")
        return None
    if months == "":
        bad(shape.on_post, f"选择了折算原因“{raw_reason}”，应同时填写{shape.on_post.label}")
        return None
    return {"on_post_months": int(months), "reason": reason}


def _reason_list(policy: Policy) -> str:
    return "、".join(r.label for r in policy.pro_rating.reasons)


def match_reason(policy: Policy, text: str) -> str | None:
    """A reason as a unit writes it: its value, its label, or a part of its label that
    names no other reason (病假, 生育, 境外)."""
    text = text.strip()
    reasons = policy.pro_rating.reasons
    for r in reasons:
        if text in (r.value, r.label):
            return r.value
    if len(text) >= 2:
        hits = [r.value for r in reasons if text in r.label]
        if len(hits) == 1:
            return hits[0]
    return None


def _posting_values(shape: Layout, row: dict, values: dict, bad) -> dict | None:
    posting = shape.posting
    if posting is None or posting.months not in row:
        return None
    months = values.get("posting_months", "")
    raw = row.get(posting.qualified, "").strip() if posting.qualified is not None else ""
    if months == "":
        if raw:
            bad(posting.months, f"填写了“{posting.qualified.label}”，应同时填写{posting.months.label}")
        return None
    out: dict[str, Any] = {posting.months_field: int(months)}
    if posting.qualified_field:
        if posting.qualified not in row or not raw:
            # The notice credits a posting only when its assessment is qualified: ask.
            bad(posting.qualified or posting.months, f"填写了{posting.months.label}，应填写考核是否合格（是／否）")
            return None
        answer = yes_no(raw)
        if answer is None:
            bad(posting.qualified, f"“{raw}”应为“是”或“否”（或“合格”“不合格”）")
            return None
        out[posting.qualified_field] = answer
    return out


def yes_no(text: str) -> bool | None:
    key = text.strip().lower()
    if key in YES:
        return True
    if key in NO:
        return False
    return None


def template_columns(shape: Layout) -> list[Column]:
    """The columns of a blank roster to download and fill (the year is the checked one:
    no 年度 column)."""
    return [c for c in shape.columns if c.name != "year_given"]
