"""A `Form` as HTML: a fragment for the forms page, or a whole document to print.

Standard library only (it runs in the browser's Pyodide as it does in CPython). The CSS
is part of this module so a saved HTML file prints exactly as the page does: A4, the
orientation the table needs (a named @page), header rows repeated on every printed page
(a <thead> is a table-header-group), rows never split across pages.
"""

from __future__ import annotations

from html import escape

from .layout import Cell, Form

CSS = """\
@page { size: A4 portrait; margin: 14mm 15mm 14mm 15mm; }
@page jx-landscape { size: A4 landscape; margin: 12mm 14mm 12mm 14mm; }
.jx-form { --jx-ink: #000; color: var(--jx-ink); background: #fff; box-sizing: border-box;
  font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC",
  "Microsoft YaHei", serif; font-size: 10.5pt; line-height: 1.45; width: 180mm; margin: 0 auto;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.jx-form--landscape { width: 269mm; page: jx-landscape; }
.jx-form *, .jx-form *::before, .jx-form *::after { box-sizing: border-box; }
.jx-title { font-size: 15pt; font-weight: 700; text-align: center; margin: 0 0 5mm; line-height: 1.35; text-wrap: balance; }
.jx-blank { display: inline-block; min-width: 5em; border-bottom: 1px solid var(--jx-ink); height: 1.1em; vertical-align: -0.15em; }
.jx-fill { border-bottom: 1px solid var(--jx-ink); padding: 0 .3em; }
.jx-header { display: flex; justify-content: space-between; gap: 8mm; margin: 0 0 2mm; }
.jx-header span { white-space: pre-wrap; }
.jx-form table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0; font-size: inherit; }
.jx-form th, .jx-form td { border: 1px solid var(--jx-ink); padding: 1.2mm 1.5mm; vertical-align: middle;
  text-align: center; font-weight: 400; word-break: break-all; overflow-wrap: anywhere; white-space: pre-line; }
.jx-form thead th { font-weight: 700; }
.jx-form thead { display: table-header-group; }
.jx-form tr { break-inside: avoid; page-break-inside: avoid; }
.jx-table tbody td { height: 9mm; }
.jx-table tbody td.jx-text { text-align: left; }
.jx-table tbody td.jx-id { white-space: nowrap; word-break: normal; font-size: 9.5pt; font-variant-numeric: tabular-nums; }
.jx-grid td, .jx-grid th { height: 12mm; }
.jx-grid td.jx-value { text-align: left; }
.jx-grid td.jx-seal { height: 34mm; text-align: right; vertical-align: bottom; padding: 3mm 10mm 4mm 3mm; }
.jx-grid td.jx-area { height: 70mm; vertical-align: top; text-align: left; }
.jx-grid td.jx-line { height: 10mm; text-align: left; }
.jx-notes { margin: 2mm 0 0; break-inside: avoid; }
.jx-notes p, .jx-line, .jx-remark { margin: 1.5mm 0 0; }
.jx-notes ol { margin: 0; padding-left: 2.2em; }
.jx-notes li { margin: 0; }
.jx-signatures { display: flex; justify-content: flex-end; gap: 14mm; margin: 8mm 0 0; break-inside: avoid; }
.jx-signature { min-width: 60mm; text-align: right; line-height: 2; }
.jx-attachments { margin: 3mm 0 0; break-inside: avoid; }
.jx-attachments ol { margin: 0; padding-left: 2.2em; }
.jx-remark { font-size: 8.5pt; color: #333; }
@media print { .jx-form { width: auto; margin: 0; } .jx-form + .jx-form { break-before: page; } }
"""


# Body cells by value type: text reads from the left, an ID number never wraps.
CELL_CLASS = {"text": "jx-text", "choice": "jx-text", "id_number": "jx-id"}


def document(form: Form) -> str:
    """A standalone HTML page holding one form, ready to print or save as PDF."""
    return wrap(fragment(form), form.title_text)


def wrap(body: str, title: str) -> str:
    # The page's JavaScript wraps build-time fragments the same way (forms-page.js).
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>\n{CSS}body {{ margin: 0; }}\n</style></head>"
            f"<body>\n{body}</body></html>\n")


def fragment(form: Form) -> str:
    classes = f"jx-form jx-form--{form.layout} jx-form--{form.orientation}"
    if form.blank:
        classes += " jx-form--blank"
    out = [f'<section class="{classes}" data-form="{escape(form.policy_id)}/{escape(form.form_id)}"'
           f' data-orientation="{form.orientation}" lang="zh-CN">',
           f'<div class="jx-title" role="heading" aria-level="3">{_title(form)}</div>']
    if form.header:
        out.append('<div class="jx-header">' + "".join(
            f"<span>{escape(label)}：{escape(text)}</span>" for label, text in form.header) + "</div>")
    out.append(_grid(form) if form.layout == "sheet" else _table(form))
    if form.notes:
        out.append(f'<div class="jx-notes"><p>{escape(form.notes_title)}：</p><ol>'
                   + "".join(f"<li>{escape(n)}</li>" for n in form.notes) + "</ol></div>")
    if form.attachments:
        out.append(f'<div class="jx-attachments"><p>{escape(form.attachments_label)}：</p><ol>'
                   + "".join(f"<li>{escape(a)}</li>" for a in form.attachments) + "</ol></div>")
    if form.signatures:
        out.append('<div class="jx-signatures">' + "".join(
            f'<div class="jx-signature">{escape(s.label)}{escape(s.seal)}'
            + (f"<br>{escape(s.opinion)}" if s.opinion else "")
            + (f"<br>{escape(s.date)}" if s.date else "") + "</div>" for s in form.signatures) + "</div>")
    out += [f'<p class="jx-line">{escape(line)}</p>' for line in form.lines]
    out += [f'<p class="jx-remark">{escape(remark)}</p>' for remark in form.remarks]
    out.append("</section>")
    return "\n".join(out) + "\n"


def _title(form: Form) -> str:
    parts = []
    for kind, text in form.title:
        if kind == "blank":
            parts.append('<span class="jx-blank"></span>')
        elif kind == "fill":
            parts.append(f'<span class="jx-fill">{escape(text)}</span>')
        else:
            parts.append(escape(text))
    return "".join(parts)


def _cell(cell: Cell, tag: str = "td") -> str:
    span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + \
           (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
    return f'<{tag} class="jx-{cell.kind}"{span}>{escape(cell.text)}</{tag}>'


def _grid(form: Form) -> str:
    rows = "".join("<tr>" + "".join(_cell(c, "th" if c.kind in ("label", "head") else "td") for c in row)
                   + "</tr>" for row in form.grid)
    return ('<table class="jx-grid"><colgroup><col style="width:19%"><col style="width:31%">'
            f'<col style="width:19%"><col style="width:31%"></colgroup><tbody>{rows}</tbody></table>')


def _table(form: Form) -> str:
    total = sum(c.width for c in form.columns) or 1
    cols = "".join(f'<col style="width:{100 * c.width / total:.1f}%">' for c in form.columns)
    head = "".join("<tr>" + "".join(_cell(c, "th") for c in row) + "</tr>" for row in form.head)
    classes = [CELL_CLASS.get(c.type, "") for c in form.columns]
    body = "".join(
        "<tr>" + "".join(f'<td class="{cls}">{escape(v)}</td>' if cls and v else f"<td>{escape(v)}</td>"
                         for v, cls in zip(row, classes)) + "</tr>"
        for row in form.rows)
    return (f'<table class="jx-table"><colgroup>{cols}</colgroup><thead>{head}</thead>'
            f"<tbody>{body}</tbody></table>")
