"""Valid requests to mutate: every op of `calculator.api.handle` and every command of the
CLI, built from the repository's own examples and golden inputs (so they stay valid as
the rules change) and checked valid through the public API before use."""

from __future__ import annotations

import datetime as _dt
import json
import re
import tomllib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOLDEN_INPUTS = ROOT / "tests" / "forms_golden" / "inputs"


def call(op: str, data=None) -> dict:
    from calculator.api import handle

    return json.loads(handle(json.dumps({"op": op, "input": data}, ensure_ascii=False)))


def _plain(value):
    """TOML dates to the ISO text JSON carries."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def _toml(path: Path) -> dict:
    return _plain(tomllib.loads(path.read_text(encoding="utf-8")))


@cache
def documented_ops() -> tuple[str, ...]:
    """The ops `handle` answers, as its own error for an unknown op lists them."""
    answer = call_raw('{"op": null}')
    problem = answer["error"]["problem"]
    return tuple(re.split(r"[、，,]", problem.split("：", 1)[1]))


def call_raw(text: str) -> dict:
    from calculator.api import handle

    return json.loads(handle(text))


@cache
def policies() -> tuple[str, ...]:
    return tuple(p["id"] for p in call("policies")["result"])


@cache
def forms() -> dict[str, list[dict]]:
    return {pid: call("forms", {"policy": pid})["result"] for pid in policies()}


def _golden(name: str) -> dict:
    return json.loads((GOLDEN_INPUTS / name).read_text(encoding="utf-8"))


SELFCHECK_DRAFT = {
    "mode": "year", "year": "2023",
    "circumstances": {"on": True, "values": {"on_post_months": "８", "reason": "childbirth"}},
    "activities": [{"kind": "certified_hours", "category": "public", "hours": "30"},
                   {"kind": "cadre_college_offset", "hours": "12", "public_institution_staff": True}],
}
SPAN_DRAFT = {
    "mode": "span",
    "span": {"2018": {"prior": True, "activities": []},
             "2020": {"prior": False, "activities": [{"kind": "training", "category": "professional", "days": "６"},
                                                      {"kind": "certified_hours", "category": "public", "hours": "30"}]}},
    "postings": [{"kind": "aid_assignment", "start": "2021-03", "end": "2022-06", "assessed_qualified": True}],
}
FUND = {"policy": "henan-luoyang-2023", "payroll": "1,200,000", "rate": "general-enterprise",
        "salary_total": "1200000", "extracted": "15000", "spent": "110000.50", "carried_in": "1000"}


@cache
def requests() -> dict[str, list[dict]]:
    """op -> valid `input`s."""
    out: dict[str, list] = {op: [] for op in documented_ops()}
    out["assess"] += [_toml(EXAMPLES / "hunan-2023.toml"), _toml(EXAMPLES / "henan-luoyang-2023.toml")]
    out["span"] += [_toml(EXAMPLES / "hunan-2018-2022.toml")]
    out["describe"] += [{"policy": pid} for pid in policies()]
    out["policies"] += [None]
    out["forms"] += [{"policy": pid} for pid in policies()]
    for path in sorted(GOLDEN_INPUTS.glob("*.json")):
        policy, form = path.stem.split(".")
        request = {**_golden(path.name), "policy": policy, "form": form}
        layout = next(f["layout"] for f in forms()[policy] if f["id"] == form)
        for fmt in ("csv", "xlsx", "html") if layout == "table" else ("xlsx", "document"):
            out["form"].append({**request, "format": fmt})
        roster = request.get("source", {}).get("roster")
        if roster:
            out["roster"].append({"policy": policy, "form": request["source"].get("import_form", form), **roster})
        plan = request.get("source", {}).get("plan")
        if plan and form == "plan":
            out["plan"].append({**plan, "policy": policy})
    for pid, listed in forms().items():
        for form in listed:
            out["form"].append({"policy": pid, "form": form["id"], "format": "html"})
    out["form"].append({"policy": "henan-luoyang-2023", "form": "cadre_offset", "format": "xlsx",
                        "source": {"selfcheck": SELFCHECK_DRAFT, "person": {"name": "张伟"}}})
    out["fund"].append(FUND)
    if "answers" in out:
        out["answers"] += [{"policy": "henan-luoyang-2023", "answers": SELFCHECK_DRAFT},
                           {"policy": "hunan-2023", "answers": SPAN_DRAFT, "mode": "span"}]
    for op, inputs in _unit_seeds().items():
        if op in out:
            out[op] += inputs
    for op, inputs in out.items():
        assert inputs, f"no seed for op {op!r}"
        for data in inputs:
            answer = call(op, data)
            assert answer["ok"], (op, data, answer)
    return out


UNIT_ROSTER = ("姓名,身份证号,公需科目,专业科目,在岗月数,折算原因\n"
               "张伟,410302198506151239,30,50,,\n李娜,410302199001011233,12,20,6,生育\n")


def _unit_seeds() -> dict[str, list[dict]]:
    """The HR office's ops (issue 17): a unit's roster checked, its downloads and templates,
    the filing windows and Hunan's publicity period."""
    out: dict[str, list[dict]] = {"unit": [], "unit_template": [], "filing": [], "publicity": []}
    for pid in policies():
        roster = {"policy": pid, "year": 2023, "format": "csv", "text": UNIT_ROSTER}
        out["unit"] += [roster, {**roster, "forms": True}, {**roster, "download": "csv"},
                        {**roster, "download": "xlsx"}]
        out["unit_template"] += [{"policy": pid, "format": fmt} for fmt in ("csv", "xlsx")]
    out["filing"].append({"policy": "henan-luoyang-2023", "today": "2023-10-14"})
    out["publicity"].append({"policy": "hunan-2023", "start": "2023-09-27"})
    return out


# ------------------------------------------------------------------------- the CLI

ROSTER_FORMS = (("henan-luoyang-2023", "grade_sheet"), ("henan-luoyang-2023", "roster"),
                ("hunan-2023", "qualified_list"))


@cache
def cli_documents() -> dict[str, list[dict]]:
    """command -> valid input documents (written as TOML or JSON by the fuzz)."""
    golden = {p.stem: _golden(p.name) for p in sorted(GOLDEN_INPUTS.glob("*.json"))}
    return {
        "assess": requests()["assess"],
        "span": requests()["span"],
        "form": [{"name": name.replace(".", "/"), "input": doc} for name, doc in golden.items()],
    }


@cache
def roster_tables() -> list[dict]:
    """Rosters as tables of cells: {"policy", "form", "rows": [[cell, ...], ...]}."""
    import csv
    import io

    tables = []
    for request in requests()["roster"]:
        rows = list(csv.reader(io.StringIO(request["text"])))
        tables.append({"policy": request["policy"], "form": request["form"], "rows": rows})
    return tables
