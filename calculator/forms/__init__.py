"""Printable and downloadable forms built from the `[forms.*]` tables of rules.toml.

    build(policy_id, form_id, values) -> Form          the layout (model.py)
    render(policy_id, form_id, values, fmt) -> str|bytes   html | document | csv | xlsx

Standard library only except XLSX, which imports openpyxl when (and only when) asked for.
"""

from __future__ import annotations

from .model import Form, build, definition, form_ids

FORMATS = ("html", "document", "csv", "xlsx")


def render(policy_id: str, form_id: str, values: dict | None = None, fmt: str = "document"):
    from ..errors import InputError

    form = build(policy_id, form_id, values)
    if fmt == "html":
        from .render_html import fragment
        return fragment(form)
    if fmt == "document":
        from .render_html import document
        return document(form)
    if fmt == "csv":
        from .render_csv import render as csv_render
        return csv_render(form)
    if fmt == "xlsx":
        from .render_xlsx import render as xlsx_render
        return xlsx_render(form)
    raise InputError("format", f"应为：{'、'.join(FORMATS)}")


__all__ = ["FORMATS", "Form", "build", "definition", "form_ids", "render"]
