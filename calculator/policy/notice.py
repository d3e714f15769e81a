"""The notice text (notice.md) and its link to rules.toml.

Every clause of a notice.md is a heading carrying an attribute list with its anchor,
``### （三）学时要求 {#s1-2-hours-requirement}``. A clause's *section* runs from its
heading to the next heading of any level. From that:

- `clause_index`: every clause with its heading and a short citation built from the
  numbering of the heading and its parents (二（三）2, 附件·二·1), as the pages and the
  command line cite it;
- `missing_anchors`: every clause cited by rules.toml exists in notice.md (the build runs
  it through `calculator.policy.loader.validate_policy`);
- `fidelity_problems`: every figure of rules.toml (a requirement, a rate, a number of
  months, a percentage, a date) is written in the section its entry cites, so a figure
  cannot drift away from the text it claims to transcribe.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from dataclasses import dataclass

from . import declaration, folders

HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")
ATTR_LIST = re.compile(r"\{:?([^{}]*)\}\s*$")
ATTR_ID = re.compile(r"(?:^|\s)#([A-Za-z][\w-]*)")

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_FRACTION = re.compile(r"(\d+)\s*/\s*(\d+)")
_YEARS_LONG = re.compile(r"(\d+|[零〇一二两三四五六七八九十]+)\s*年")
_MONTH = re.compile(r"(\d{1,2})\s*月")
_DAY = re.compile(r"(\d{1,2})\s*日")
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                   "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_NUMBER = re.compile(r"[零〇一二两三四五六七八九十]+")


def sections(markdown: str) -> dict[str, str]:
    """Anchor -> text of its section (heading line included)."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in markdown.splitlines():
        m = HEADING.match(line)
        if m:
            current = None
            attrs = ATTR_LIST.search(m.group(2))
            ident = ATTR_ID.search(attrs.group(1)) if attrs else None
            if ident:
                current = out.setdefault(ident.group(1), [])
        if current is not None:
            current.append(line)
    return {anchor: "\n".join(lines) for anchor, lines in out.items()}


def anchors(markdown: str) -> set[str]:
    """The anchors a notice defines."""
    return set(sections(markdown))


# ------------------------------------------------------------------ clause index


@dataclass(frozen=True)
class Clause:
    anchor: str
    title: str      # the heading's text, e.g. "3. 出版著作（译作）或教材"
    label: str      # a short citation, e.g. "附件·二·3"

    @property
    def full(self) -> str:
        """Citation and heading together ("附件·二·1 参加有关培训、会议等"), the heading
        without the number the citation already gives."""
        title = _LEADING_NUMBER.sub("", self.title)
        return f"{self.label} {title}" if title and not self.label.endswith(title) else self.label


HEADING_WITH_ANCHOR = re.compile(r"^(#{1,6}) (.*?)\s*\{#([\w-]+)[^}]*\}\s*$", re.M)
_NUMBERS = [
    (re.compile(r"^(附件\s*\d*)"), lambda m: m.group(1).replace(" ", "")),
    (re.compile(r"^([一二三四五六七八九十]+)、"), lambda m: m.group(1)),
    (re.compile(r"^(（[一二三四五六七八九十]+）)"), lambda m: m.group(1)),
    (re.compile(r"^(\d+)\.\s"), lambda m: m.group(1)),
]
_LEADING_NUMBER = re.compile(r"^(附件\s*\d*\s*|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.\s*)")
# Sample-table titles repeat the notice's boilerplate: keep what tells them apart.
_TABLE_PREFIX = re.compile(r"^\d{4}年度[\\_\s]*（单位）(专业技术人员)?(继续教育)?")


def clause_index(markdown: str) -> dict[str, Clause]:
    """Every anchored heading of a notice, with a short citation label built from the
    numbering of the heading and its parents (二（三）2, 附件·一·7)."""
    index: dict[str, Clause] = {}
    stack: list[tuple[int, str | None]] = []    # (level, number token) of the open parents
    for match in HEADING_WITH_ANCHOR.finditer(markdown):
        level, title, anchor = len(match.group(1)), match.group(2).strip(), match.group(3)
        while stack and stack[-1][0] >= level:
            stack.pop()
        token = _number(title)
        tokens = [t for _, t in stack if t] + [token or _short(title)]
        index[anchor] = Clause(anchor, _plain(title), _join_tokens(tokens))
        stack.append((level, token))
    return index


def _number(title: str) -> str | None:
    for pattern, token in _NUMBERS:
        match = pattern.match(title)
        if match:
            return token(match)
    return None


def _plain(title: str) -> str:
    return title.replace("\\_", "_")


def _short(title: str) -> str:
    text = _TABLE_PREFIX.sub("", _plain(title))
    return text if len(text) <= 14 else text[:13] + "…"


def _join_tokens(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        if out and not token.startswith("（") and not out.endswith("）"):
            out += "·"
        out += token
    return out


def chinese_number(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 三十五 -> 35 (enough for clause text)."""
    if not text or any(ch not in _CHINESE_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return int("".join(str(_CHINESE_DIGITS[ch]) for ch in text)) if len(text) > 1 else _CHINESE_DIGITS[text]
    tens, _, ones = text.partition("十")
    if "十" in ones:
        return None
    t = _CHINESE_DIGITS.get(tens, -1) if tens else 1
    o = _CHINESE_DIGITS.get(ones, -1) if ones else 0
    return None if t < 0 or o < 0 else t * 10 + o


class Tokens:
    """The numbers written in a piece of clause text, by how they are written."""

    def __init__(self, text: str) -> None:
        text = unicodedata.normalize("NFKC", text)
        self.numbers = {Decimal(n) for n in _NUMBER.findall(text)}
        for word in _CHINESE_NUMBER.findall(text):
            n = chinese_number(word)
            if n is not None:
                self.numbers.add(Decimal(n))
        self.percents = {Decimal(p) for p in _PERCENT.findall(text)}
        self.fractions = {Fraction(int(a), int(b)) for a, b in _FRACTION.findall(text) if int(b)}
        self.year_counts = set()
        for word in _YEARS_LONG.findall(text):
            n = int(word) if word.isdigit() else chinese_number(word)
            if n is not None:
                self.year_counts.add(n)
        self.months = {int(m) for m in _MONTH.findall(text)}
        self.days = {int(d) for d in _DAY.findall(text)}

    def has(self, value, figure: str) -> bool:
        if figure in ("number", "year"):
            return _dec(value) in self.numbers
        if figure == "percent":
            return _dec(value) in self.percents
        if figure == "fraction":
            return Fraction(value) in self.fractions
        if figure == "months":
            # "6个月" or, for whole years, "满一年" / "超过1年"
            return _dec(value) in self.numbers or (value % 12 == 0 and value // 12 in self.year_counts)
        if figure == "date":
            y, m, d = (int(part) for part in str(value).split("-"))
            return Decimal(y) in self.numbers and m in self.months and d in self.days
        raise ValueError(f"unknown figure kind {figure}")


def _dec(value) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def read_notice(policy_id: str, folder=None) -> str | None:
    """The policy's notice.md text, or None when there is none yet."""
    folder = folder if folder is not None else folders.policy_dirs().get(policy_id)
    if folder is None:
        return None
    notice = folder / folders.NOTICE_FILE
    return notice.read_text(encoding="utf-8") if notice.is_file() else None


def missing_anchors(data: dict, markdown: str) -> list[tuple[str, str]]:
    """(key path, anchor) of every citation in validated rules data that the notice
    does not define."""
    known = anchors(markdown)
    return [(path, anchor) for path, anchor in declaration.citations(data) if anchor not in known]


def fidelity_problems(data: dict, markdown: str) -> list[tuple[str, str]]:
    """(key path, problem) for every figure not written in the section it cites."""
    secs = sections(markdown)
    problems = []
    cache: dict[str, Tokens] = {}
    for path, value, figure, clause in declaration.figures(data):
        if clause is None:
            problems.append((path, "figure with no governing clause"))
            continue
        if clause not in secs:
            problems.append((path, f"cites #{clause}, which notice.md does not define"))
            continue
        tokens = cache.setdefault(clause, Tokens(secs[clause]))
        if not tokens.has(value, figure):
            problems.append((path, f"{value!r} ({figure}) is not written in section #{clause}"))
    return problems
