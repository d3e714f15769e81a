"""Template filters that print the notices' figures (numbers, shares, dates, months)."""

from __future__ import annotations

import datetime as dt
import math


def number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def share_of(total, fraction: str) -> str:
    """The hours a fraction like "2/3" of a total comes to, rounded up."""
    numerator, denominator = (int(part) for part in fraction.split("/"))
    return number(math.ceil(total * numerator / denominator))


def cn_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def window(span: dict) -> str:
    """{start, end} -> 2023年10月11日至20日 (the notice's own way of writing it)."""
    start, end = dt.date.fromisoformat(span["start"]), dt.date.fromisoformat(span["end"])
    if (start.year, start.month) == (end.year, end.month):
        tail = f"{end.day}日"
    elif start.year == end.year:
        tail = f"{end.month}月{end.day}日"
    else:
        tail = cn_date(span["end"])
    return f"{cn_date(span['start'])}至{tail}"


def months(values: list[int]) -> str:
    """[7, 8] -> 7月至8月; [3, 9] -> 3月、9月."""
    values = sorted(values)
    if len(values) > 1 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}月至{values[-1]}月"
    return "、".join(f"{m}月" for m in values)


def cell(text) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", "<br>")


def conversion_notes(data: dict, kind: dict | None = None) -> list[dict]:
    """The policy's not-modelled points about converting hours: those on a kind's own
    clause (`kind` given), or those on a clause that an interpretation of some kind reads
    but that no kind cites (Henan's 豫人社办〔2017〕121号)."""
    notes = data.get("not_modelled", [])
    if kind is not None:
        return [n for n in notes if n["clause"] == kind["clause"]]
    kind_clauses = {k["clause"] for k in data["kinds"].values()}
    read = {i["clause"] for i in data.get("interpretations", [])
            if any(d.startswith("kind:") for d in i["drives"])}
    return [n for n in notes if n["clause"] in read - kind_clauses]
