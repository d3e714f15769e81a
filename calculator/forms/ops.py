"""The forms' operations for the browser worker (`calculator.api`) and the command line
(the worker's plan and fund operations are `calculator.employer`).

    form    {"policy", "form", "format": html|document|csv|xlsx, "values"?: {...},
             "source"?: {...}, "variant"?, "year"?}
            -> {"format", "filename", "mime", "text"} or, for xlsx, {..., "base64"}
            (a form with a `source` is filled from it: see fill.py; a roster source adds
            "import": {"problems": [{line, column, reason}], "counts"}, the rows left out)
    forms   {"policy"} -> the policy's forms: id, title, layout, variants, per_year, draft
    roster  {"policy", "form", "format": csv|xlsx, "text"|"base64"} -> import result (roster.py)

Every result is JSON-able; binary content travels as base64 because the worker speaks JSON.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from ..errors import InputError
from . import fill, layout, roster
from . import render as render_form

MIME = {
    "html": "text/html", "document": "text/html", "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSION = {"html": "html", "document": "html", "csv": "csv", "xlsx": "xlsx"}


def _object(data: Any) -> dict:
    if not isinstance(data, dict):
        raise InputError("input", "应为对象（JSON object）")
    return data


def _policy_form(data: dict) -> tuple[str, str]:
    policy, form = data.get("policy"), data.get("form")
    if not isinstance(policy, str) or not policy:
        raise InputError("policy", "必须填写政策编号")
    if not isinstance(form, str) or not form:
        raise InputError("form", "必须填写表格名称")
    return policy, form


def form_values(data: dict) -> dict | None:
    """The values of a `form` request: given, or filled from a source (an import's report
    of the rows it left out, when there is one, under ``import``)."""
    policy, form = _policy_form(data)
    layout.definition(policy, form)          # an unknown form is named before its source is read
    if "source" in data:
        values = fill.values_from(policy, form, data["source"], data.get("variant"), data.get("year"))
        given = data.get("values") or {}
        if not isinstance(given, dict):
            raise InputError("values", "应为对象")
        if not isinstance(given.get("fields") or {}, dict):
            raise InputError("values.fields", "应为对象（栏目名 → 内容）")
        # Given values complete what the source filled (a date, the unit's name...).
        fields = {**(values.get("fields") or {}), **(given.get("fields") or {})}
        return {**values, **given, **({"fields": fields} if fields else {})}
    values = data.get("values")
    if values is not None and not isinstance(values, dict):
        raise InputError("values", "应为对象")
    return values


def form_op(data: Any) -> dict:
    data = _object(data)
    policy, form = _policy_form(data)
    fmt = data.get("format", "html")
    if not isinstance(fmt, str) or fmt not in MIME:
        raise InputError("format", f"应为：{'、'.join(MIME)}")
    values = form_values(data)
    report = values.pop(fill.IMPORT_REPORT, None) if values else None
    built = layout.build(policy, form, values)
    content = render_form(policy, form, values, fmt)
    result = {"format": fmt, "mime": MIME[fmt], "filename": filename(built.title_text, fmt),
              "title": built.title_text, "orientation": built.orientation, "blank": built.blank}
    if report is not None:
        result["import"] = report
    if isinstance(content, bytes):
        result["base64"] = base64.b64encode(content).decode("ascii")
    else:
        result["text"] = content
    return result


def filename(title: str, fmt: str) -> str:
    name = re.sub(r'[\\/:*?"<>|\s_]+', "", title) or "表格"
    return f"{name}.{EXTENSION[fmt]}"


def forms_op(data: Any) -> list[dict]:
    data = _object(data)
    policy = data.get("policy")
    if not isinstance(policy, str):
        raise InputError("policy", "必须填写政策编号")
    out = []
    for form_id in layout.form_ids(policy):
        spec = layout.definition(policy, form_id)
        built = layout.build(policy, form_id)
        out.append({"id": form_id, "title": built.title_text, "layout": spec["layout"],
                    "variants": spec.get("variants") or [], "per_year": spec.get("per_year", False),
                    "draft": spec.get("draft", False), "orientation": built.orientation,
                    "clause": built.clause, "note": built.page_note})
    return out


def roster_op(data: Any) -> dict:
    data = _object(data)
    policy, form = _policy_form(data)
    content, fmt = roster.upload(data)
    return roster.import_rows(policy, form, content, fmt)


OPS = {
    "form": form_op,
    "forms": forms_op,
    "roster": roster_op,
}
