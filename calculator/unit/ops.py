"""The unit check's operations for the browser worker (`calculator.api`).

    unit           {"policy", "year", "format": csv|xlsx, "text"|"base64",
                    "forms"?: true, "download"?: csv|xlsx, "order"?: [person index], "scope"?: text}
                   -> the check's result (`check.py`; with the roster forms' values when
                      `forms`), or with `download` the result as a file: {format, mime,
                      filename, title, text|base64} (`export.py`), its rows in `order`
    unit_template  {"policy", "year"?, "format": csv|xlsx} -> a blank roster to fill

The page checks a roster, then asks for a download or the forms' values of the same
file: the last check is kept (one, keyed by the file's digest), so those answers do not
check five thousand people again.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..assessment.inputs import year_of
from ..errors import InputError
from ..forms.roster import upload
from ..policy.loader import load_policy
from . import export
from . import roster as unit_roster
from .check import check, form_values

MAX_SCOPE = 200
_last: dict[tuple, dict] = {}


def unit_op(data: Any) -> dict:
    if not isinstance(data, dict):
        raise InputError("input", "应为对象（JSON object）")
    policy = load_policy(data.get("policy"))
    year = year_of(data.get("year", policy.year), policy)
    content, fmt = upload(data)
    if fmt not in ("csv", "xlsx"):
        raise InputError("format", "应为 csv 或 xlsx")
    raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    key = (policy.id, year, fmt, hashlib.sha256(raw).hexdigest())
    result = _last.get(key)
    if result is None:
        result = check(policy.id, year, content, fmt)
        _last.clear()
        _last[key] = result
    download = data.get("download")
    if download is not None:
        scope = data.get("scope")
        if scope is not None and (not isinstance(scope, str) or len(scope) > MAX_SCOPE):
            raise InputError("scope", f"应为不超过{MAX_SCOPE}字的说明")
        return export.render(result, download, data.get("order"), scope)
    if data.get("forms"):
        return {**result, "forms": form_values(load_policy(result["policy"]["id"]), result["year"], result["people"])}
    return result


def template_op(data: Any) -> dict:
    if not isinstance(data, dict):
        raise InputError("input", "应为对象（JSON object）")
    policy = load_policy(data.get("policy"))
    year = year_of(data.get("year", policy.year), policy)
    shape = unit_roster.layout(policy)
    return export.template(policy.id, year, unit_roster.template_columns(shape), data.get("format", "csv"),
                           policy.short_name)


OPS = {"unit": unit_op, "unit_template": template_op}
