"""Printable and downloadable forms built from the `[forms.*]` tables of rules.toml: a
library (the command line and the browser worker call it; it calls neither).

    build(policy_id, form_id, values) -> Form              the layout (layout.py)
    render(policy_id, form_id, values, fmt) -> str|bytes   html | document | csv | xlsx
    definition(policy_id, form_id), form_ids(policy_id)    the rules.toml definitions

    layout       what goes in which cell: the one `Form` every renderer draws
    render_html, render_csv, render_xlsx   how a cell looks, per format
    fill         form values from what was entered elsewhere (self-check, plan, roster)
    roster       reading a unit's roster file (CSV, XLSX) into a table form's rows
    idcard       resident ID numbers (GB 11643)
    ops          the worker's form operations: form, forms, roster

Standard library only except XLSX, which imports openpyxl when (and only when) asked for.
"""

from __future__ import annotations

from ..errors import InputError
from . import render_csv, render_html, render_xlsx
from .layout import Form, build, definition, form_ids

FORMATS = ("html", "document", "csv", "xlsx")


def render(policy_id: str, form_id: str, values: dict | None = None, fmt: str = "document"):
    form = build(policy_id, form_id, values)
    if fmt == "html":
        return render_html.fragment(form)
    if fmt == "document":
        return render_html.document(form)
    if fmt == "csv":
        return render_csv.render(form)
    if fmt == "xlsx":
        return render_xlsx.render(form)
    raise InputError("format", f"应为：{'、'.join(FORMATS)}")


__all__ = ["FORMATS", "Form", "build", "definition", "form_ids", "render"]
