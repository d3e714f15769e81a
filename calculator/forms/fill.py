"""Form values from what the person already entered elsewhere.

* ``source = {"assessment": <assess input>, "person": {...}}``: the self-check of one year
  fills a personal declaration (Luoyang 附件2: the hours completed at 河南干部网络学院 and the
  hours offset, as the engine computed them).
* ``source = {"span": <assess_span input>, "person": {...}}``: the senior-title check fills
  the per-year summary (Hunan 2018~2022) with each year's hours, verdict, what they came
  from, and the evidence to attach.
* ``source = {"selfcheck": <the self-check page's saved answers of this policy>}``: as
  ``assessment`` or ``span`` (by whether the form has a year column), the answers read by
  `calculator.assessment.answers`, the one converter of typed answers.
* ``source = {"plan": <plan>}``: the unit plan fills the 计划表 and 备案表 of a category.
* ``source = {"roster": {"format": "csv"|"xlsx", "text"|"base64": ...}, "import_form": id}``:
  an imported roster fills the 名单 / 成绩单 (or Hunan's per-year list); the values then
  carry ``import``: the rows left out, by line, which every caller reports.

The fillers write the field and column names of the rules.toml definitions
(completed_hours / offset_hours of the 申报表; year, public_hours, ... of the summary); a
form that lacks them is simply left for the person to fill by hand.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..assessment.answers import span_input, year_input
from ..assessment.span import assess_span
from ..assessment.year import assess
from ..employer import plan
from ..errors import InputError, shown
from ..policy.loader import cite, policy_data
from . import idcard
from .roster import import_rows, upload

# The key of a filler's values that holds an import's report (not a value of the form).
IMPORT_REPORT = "import"
PERSON_KEYS = ("name", "sex", "id_number", "phone", "rank", "specialty", "unit")


def values_from(policy_id: str, form_id: str, source: Any, variant: str | None = None,
                year: int | None = None) -> dict:
    if not isinstance(source, dict):
        raise InputError("source", "应为对象")
    if "selfcheck" in source:
        # The self-check page's saved answers (as typed): the year or the span they hold.
        spec = policy_data(policy_id)["forms"].get(form_id, {})
        wants_span = any(c["name"] == "year" for c in spec.get("columns", []))
        draft = source["selfcheck"]
        source = ({**source, "span": span_input(policy_id, draft, "source.selfcheck")} if wants_span
                  else {**source, "assessment": year_input(policy_id, draft, "source.selfcheck")})
    if "assessment" in source:
        return _from_assessment(policy_id, form_id, source)
    if "span" in source:
        return _from_span(policy_id, form_id, source)
    if "plan" in source:
        return _from_plan(policy_id, form_id, source["plan"], variant)
    if "roster" in source:
        return _from_roster(policy_id, form_id, source, year)
    raise InputError("source", "应含 assessment、span、plan 或 roster 之一")


# ------------------------------------------------------------------------- person


def _person(source: dict, allowed: set[str]) -> dict:
    person = source.get("person") or {}
    if not isinstance(person, dict):
        raise InputError("source.person", "应为对象")
    out = {}
    for key, value in person.items():
        if key not in PERSON_KEYS:
            raise InputError(f"source.person.{key}", f"不是个人信息的栏目（可用：{'、'.join(PERSON_KEYS)}）")
        if key in allowed and value not in (None, ""):
            out[key] = value
    if out.get("id_number") and not out.get("sex") and "sex" in allowed:
        try:
            out["sex"] = idcard.parse(out["id_number"]).sex
        except ValueError:
            pass                  # the form's own check reports the number
    return out


# ------------------------------------------------------------------------- assessment


def _from_assessment(policy_id: str, form_id: str, source: dict) -> dict:
    """The 抵扣申报表: 完成课时数 is what the person entered for the capped-offset kind
    (河南干部网络学院), 抵扣课时数 what the engine credited for it; where the two differ
    (not eligible, or over the cap) the form says why, in the engine's words."""
    data = policy_data(policy_id)
    form = data["forms"][form_id]
    names = {f["name"] for f in form.get("fields", [])}
    inp = source["assessment"]
    if not isinstance(inp, dict) or inp.get("policy") != policy_id:
        raise InputError("source.assessment.policy", f"应为“{policy_id}”的自查数据")
    result = assess(inp)
    kinds = [k for k, kind in data["kinds"].items() if kind.get("method") == "capped_offset"]
    fields = _person(source, names)
    remarks = []
    if kinds and {"completed_hours", "offset_hours"} <= names:
        kind = kinds[0]
        field = data["kinds"][kind]["hours_field"]
        done = [Decimal(str(a.get(field, 0))) for a in inp.get("activities", []) if a.get("kind") == kind]
        traced = [t for t in result["trace"] if t["kind"] == kind]
        if done:
            completed, offset = sum(done), sum(Decimal(str(t["hours"])) for t in traced)
            fields["completed_hours"] = _num(completed)
            fields["offset_hours"] = _num(offset)
            if offset != completed:
                remarks += [f"{t['working']}（依据：{cite(t['clause'])}）" for t, asked in zip(traced, done, strict=True)
                            if Decimal(str(t["hours"])) != asked]
    return {"year": result["year"], "fields": fields, **({"remarks": remarks} if remarks else {})}


# ------------------------------------------------------------------------- span


def _from_span(policy_id: str, form_id: str, source: dict) -> dict:
    data = policy_data(policy_id)
    form = data["forms"][form_id]
    inp = source["span"]
    if not isinstance(inp, dict) or inp.get("policy") != policy_id:
        raise InputError("source.span.policy", f"应为“{policy_id}”的逐年核认数据")
    result = assess_span(inp)
    names = {c["name"] for c in form.get("header", [])}
    fields = _person(source, names)
    labels = data["categories"]
    evidence: dict[str, dict] = {}          # title -> {text, years}
    prior_years = []
    rows = []
    for year in result["years"]:
        y = year["year"]
        if year.get("prior_certificate"):
            prior_years.append(y)
            rows.append({"year": y, "result": "已开具《学时认定单》", "basis": "以前年度《学时认定单》"})
            continue
        numbers = []
        for entry in year.get("evidence", []):
            for item in entry["items"]:
                slot = evidence.setdefault(item["title"], {"item": item, "years": []})
                if y not in slot["years"]:
                    slot["years"].append(y)
                numbers.append(list(evidence).index(item["title"]) + 1)
        earned = year["earned"]
        rows.append({
            "year": y, "public_hours": _num(earned["public"]), "professional_hours": _num(earned["professional"]),
            "total_hours": _num(earned["total"]), "result": _verdict(year, labels),
            "basis": _basis(year, sorted(set(numbers))),
        })
    attachments = []
    for slot in evidence.values():
        item = slot["item"]
        which = "以下材料之一：" if item["choose"] == "one" and len(item["materials"]) > 1 else ""
        years = "、".join(str(y) for y in slot["years"])
        attachments.append(f"{item['title']}（{years}年）：{which}{'；'.join(item['materials'])}")
    if prior_years:
        attachments.append(f"以前年度已开具的《学时认定单》（{'、'.join(map(str, prior_years))}年）")
    return {"fields": fields, "rows": rows, "attachments": attachments}


def _verdict(year: dict, labels: dict) -> str:
    if year["passed"]:
        return "达到要求" + ("（视为完成）" if year.get("deemed_complete") else "")
    short = "、".join(f"{labels[k]}尚差{_num(v)}学时" for k, v in year["shortfall"].items() if v)
    return f"未达到（{short}）" if short else "未达到"


def _basis(year: dict, numbers: list[int]) -> str:
    parts = [f"{t.get('label') or t['kind']}{_num(t['hours'])}学时" for t in year.get("trace", [])]
    text = "；".join(parts) or "未填写活动"
    if numbers:
        text += f"（材料见第{'、'.join(map(str, numbers))}项）"
    return text


# ------------------------------------------------------------------------- plan, roster


def _from_plan(policy_id: str, form_id: str, given: Any, variant: str | None) -> dict:
    if not isinstance(given, dict):
        raise InputError("source.plan", "应为对象")
    result = plan.check({**given, "policy": policy_id})
    choices = [k.split(":", 1)[1] for k in result["forms"] if k.startswith(form_id + ":")]
    if not choices:
        raise InputError("source.plan.sessions", "计划中没有可填入此表的培训项目")
    pick = variant or choices[0]
    if f"{form_id}:{pick}" not in result["forms"]:
        raise InputError("variant", f"应为：{'、'.join(choices)}")
    return result["forms"][f"{form_id}:{pick}"]


def _from_roster(policy_id: str, form_id: str, source: dict, year: int | None) -> dict:
    roster = source["roster"]
    if not isinstance(roster, dict):
        raise InputError("source.roster", "应为对象")
    content, fmt = upload(roster, "source.roster")
    import_form = source.get("import_form", form_id)
    if not isinstance(import_form, str):
        raise InputError("source.import_form", f"{shown(import_form)} 不是表格编号（如 grade_sheet）")
    result = import_rows(policy_id, import_form, content, fmt)
    # The rows left out travel with the values, so every caller can report them.
    return {**roster_values(result, form_id, year), IMPORT_REPORT: import_report(result)}


def import_report(result: dict) -> dict:
    """What an import left out, by line: ``{"problems": [{line, column, reason}], "counts"}``."""
    return {"problems": result["problems"], "counts": result["counts"]}


def roster_values(result: dict, form_id: str, year: int | None = None) -> dict:
    """The values an import result holds for one form (per-year forms: the year asked for,
    else the first year imported)."""
    key = f"{form_id}:{year}" if year else form_id
    if key not in result["forms"]:
        keys = [k for k in result["forms"] if k.split(":")[0] == form_id]
        if not keys:
            raise InputError("source.roster", "导入的名单不能填入此表")
        key = keys[0]
    return result["forms"][key]


def _num(value) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 1)
