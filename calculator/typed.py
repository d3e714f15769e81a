"""Numbers as people type them, read in one place.

The pages keep every answer as typed, so an answer that is not (yet) valid survives a
reload exactly as it was left. Python turns the text into numbers here, for the
self-check, the forms and the unit plan alike: full-width digits, point and minus
(``１２．５``, typed with a Chinese input method) read as their ASCII forms, and spaces
around a number are ignored. Text that is not a number stays text, so the engine's
message names the field instead of the value silently changing.
"""

from __future__ import annotations

import re
from typing import Any

# Full-width digits, point and minus (U+FF10..FF19, U+FF0E, U+FF0D) and the
# ideographic space: what a Chinese input method types instead of ASCII.
_HALF_WIDTH = {**{0xFF10 + i: ord("0") + i for i in range(10)}, 0xFF0E: ord("."), 0xFF0D: ord("-"),
               0x3000: ord(" ")}
_INT = re.compile(r"-?[0-9]+")
MAX_DIGITS = 24          # int() of a 5000-digit text raises; nothing typed here is that long
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def half_width(text: str) -> str:
    """``" １２．５ "`` -> ``"12.5"``: full-width digits, point and minus as ASCII, trimmed."""
    return text.translate(_HALF_WIDTH).strip()


def number(value: Any, kind: str | None) -> Any:
    """A typed value of an ``int`` or ``decimal`` field as a number when the text is
    one; anything else (another kind, a value that is no number) unchanged."""
    if not isinstance(value, str) or kind not in ("int", "decimal"):
        return value
    text = half_width(value)
    if len(text) > MAX_DIGITS:
        return value            # no count, year or hour is that long: the engine says so
    if _INT.fullmatch(text):
        return int(text)
    if kind == "decimal" and _DECIMAL.fullmatch(text):
        return float(text)
    return value
