"""What the fuzz feeds the calculator: valid requests with a few things replaced, removed
or added, and rosters as the spreadsheets of an HR office come (merged cells, formulas,
IDs turned into numbers, stray characters), written out as JSON, TOML, CSV or XLSX.

Hypothesis draws every choice, so a failure shrinks to a small input and replays."""

from __future__ import annotations

import base64
import copy
import csv
import io
import json
from dataclasses import dataclass
from functools import cache

from hypothesis import strategies as st


@dataclass(frozen=True)
class Raw:
    """Text written into a JSON or TOML document as it is: what no serialiser would emit
    (a 5000-digit integer, 1e2000000, 100,000 nested brackets, NaN)."""

    text: str
    name: str

    def __repr__(self) -> str:
        return f"Raw({self.name})"


DEEP = 100_000
RAW = [
    Raw("9" * 5000, "5000-digit integer"),
    Raw("-" + "9" * 4400, "4400-digit negative integer"),
    Raw("1e2000000", "1e2000000"),
    Raw("1E-2000000", "1E-2000000"),
    Raw("1e400", "1e400 (inf as a float)"),
    Raw("NaN", "NaN"),
    Raw("-Infinity", "-Infinity"),
    Raw("[" * DEEP + "]" * DEEP, "100,000 nested brackets"),
]
# Numbers as people type them (full-width, circled, superscript, exponents...) and as
# spreadsheets and Word paste them; text that is a formula, markup or a control character.
HOSTILE_TEXT = [
    "", " ", "\u3000", "0", "-1", "-0", "3.", ".5", "1.25", "１２", "①", "²", "٣", "१२", "Ⅻ", "十二",
    "1e2000000", "1E999999999", "-1e-2000000", "9" * 5000, "1" + "0" * 30, "NaN", "inf", "-Infinity",
    "0x1F", "1_000", "1,000", "１，０００", "12 ", " 12", "12\u00a0",
    "2023-02-30", "2023-13-01", "0000-01-01", "9999-12-31", "2023-1-1", "2023/05/01", "20230501",
    "=1+1", "=HYPERLINK(\"http://example.invalid/?\"&A1,\"点此\")", "+1-1", "-2+3", "@SUM(A1:A2)",
    "\t=1+1", "\r=1+1", "'=1+1", "=\"110105199003071234\"", " =1+1",
    "\x0b", "行一\x0b行二", "\x00", "\x1f", "\ufeff", "\u200b", "\ud800", "a\udfffb", "\U0001f600",
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "{{7*7}}", "${x}", "%s%n",
    "x" * 600, "字" * 600, "policy", "kind", "__proto__", "constructor",
    "henan-luoyang-2023", "hunan-2023", "../../etc/passwd", "henan-luoyang-2023/../hunan-2023",
    "public", "professional", "morning", "day", "csv", "xlsx", "html", "document",
    "410302198506151239", "41030219850615123X", "4.10302E+17", "410302198506151000",
]
HOSTILE_SCALARS = [None, True, False, 0, -1, 1, 2023, 2.5, 0.1, -0.0, 1e308, 10**15, 2**63, -(2**63)]
HOSTILE_CONTAINERS = [[], {}, [None], [[]], {"": None}, {"0": 0}, ["x"], [1, 2], {"kind": []},
                      {"policy": "hunan-2023"}]
KEYS = ["policy", "year", "form", "format", "input", "op", "source", "values", "fields", "rows",
        "kind", "category", "hours", "days", "label", "date", "people", "sessions", "period",
        "trainees", "selfcheck", "roster", "plan", "span", "assessment", "person", "variant",
        "base64", "text", "rate", "payroll", "postings", "years", "circumstances", "activities",
        "import_form", "signatures", "attachments", "", "__proto__", "\ud800", "①"]


def hostile_value() -> st.SearchStrategy:
    leaf = st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.sampled_from(HOSTILE_SCALARS),
        st.sampled_from(RAW),
        st.text(max_size=12),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),
    )
    return st.one_of(leaf, st.sampled_from(HOSTILE_CONTAINERS),
                     st.lists(leaf, max_size=3), st.dictionaries(st.sampled_from(KEYS), leaf, max_size=2))


def _paths(tree, at=()):
    yield at
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _paths(value, at + (key,))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            yield from _paths(value, at + (i,))


def _get(tree, path):
    for step in path:
        tree = tree[step]
    return tree


def _set(tree, path, value):
    if not path:
        return value
    _get(tree, path[:-1])[path[-1]] = value
    return tree


def _edit_text(draw, text: str) -> str:
    how = draw(st.sampled_from(["prefix", "suffix", "insert", "fullwidth", "circled"]))
    if how == "prefix":
        return draw(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", " ", "\x0b", "\ud800"])) + text
    if how == "suffix":
        return text + draw(st.sampled_from(["\x0b", "\x00", "\ud800", "①", " ", "\n", "e2000000"]))
    if how == "insert":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.sampled_from(HOSTILE_TEXT)) + text[at:]
    if how == "fullwidth":
        return text.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    return text.translate({0x31: "①", 0x32: "②", 0x33: "③"})


@st.composite
def mutated(draw, seed, max_edits: int = 3):
    """`seed` with one to `max_edits` values replaced, removed, added, edited or repeated."""
    tree = copy.deepcopy(seed)
    for _ in range(draw(st.integers(1, max_edits))):
        path = draw(st.sampled_from(list(_paths(tree))))
        node = _get(tree, path)
        actions = ["replace", "replace"]
        if path:
            actions.append("remove")
        if isinstance(node, dict):
            actions.append("add")
        if isinstance(node, list) and node:
            actions.append("repeat")
        if isinstance(node, str):
            actions += ["edit", "edit"]
        if isinstance(node, (int, float)) and not isinstance(node, bool):
            actions += ["stringify"]
        action = draw(st.sampled_from(actions))
        if action == "replace":
            tree = _set(tree, path, copy.deepcopy(draw(hostile_value())))
        elif action == "remove":
            parent = _get(tree, path[:-1])
            del parent[path[-1]]
        elif action == "add":
            node[draw(st.sampled_from(KEYS))] = copy.deepcopy(draw(hostile_value()))
        elif action == "repeat":
            item = node[draw(st.integers(0, len(node) - 1))]
            node.extend(copy.deepcopy(item) for _ in range(draw(st.sampled_from([1, 5, 60]))))
        elif action == "edit":
            tree = _set(tree, path, _edit_text(draw, node))
        else:
            tree = _set(tree, path, draw(st.sampled_from([str(node), f"{node}.0", f"{node}e0", f"＋{node}"])))
    return tree


# ------------------------------------------------------------------------- writing


def to_json(tree) -> str:
    """JSON text, with every Raw written as it is."""
    raws: list[Raw] = []

    def swap(value):
        if isinstance(value, Raw):
            raws.append(value)
            return f"\x00raw{len(raws) - 1}\x00"
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    text = json.dumps(swap(tree), ensure_ascii=False)
    for i, raw in enumerate(raws):
        text = text.replace(json.dumps(f"\x00raw{i}\x00", ensure_ascii=False), raw.text, 1)
    return text


def to_toml(tree) -> str:
    """TOML text (a top level that is not a table is written as `value = ...`); None,
    which TOML cannot say, leaves the key out."""
    def value(v) -> str:
        if isinstance(v, Raw):
            return v.text
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(repr(v), repr(v))
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=True)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v if x is not None) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(str(k))} = {value(x)}" for k, x in v.items() if x is not None) + "}"
        raise TypeError(type(v))

    if not isinstance(tree, dict):
        tree = {"value": tree}
    return "".join(f"{json.dumps(str(k))} = {value(v)}\n" for k, v in tree.items() if v is not None)


# ------------------------------------------------------------------------- rosters

ROSTER_CELLS = [
    "=HYPERLINK(\"http://example.invalid/?\"&E2,\"点此\")", "=1+1", "+86 379", "-1", "@SUM(A1)",
    "\t=1+1", "\r=1+1", "'=1+1", "=\"410302198506151239\"", "张\x0b伟", "王\x00芳", "\ud800",
    "１２", "①", "1e2000000", "9" * 5000, "-30", "30.55", "0.1", "", " ", "合格", "不合格",
    "男", "女", "未知", "4.10302E+17", "410302198506151000", "41030219850615123x", "2019", "二〇一九",
    "x" * 600, "<b>粗</b>",
]


@st.composite
def roster_table(draw, seed: dict) -> dict:
    """A roster of `seed` (rows of cells) with cells replaced, rows repeated or dropped,
    and a spreadsheet shape: merged cells, formulas, numbers where IDs should be."""
    rows = [list(r) for r in seed["rows"]]
    header = next(i for i, r in enumerate(rows) if "姓名" in r)
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, max(0, len(rows[r]) - 1)))
        how = draw(st.sampled_from(["cell", "cell", "cell", "edit", "repeat", "drop", "widen"]))
        if how == "cell":
            cell = draw(st.one_of(st.sampled_from(ROSTER_CELLS), st.text(max_size=8)))
            if c < len(rows[r]):
                rows[r][c] = cell
        elif how == "edit" and c < len(rows[r]):
            rows[r][c] = _edit_text(draw, rows[r][c])
        elif how == "repeat":
            rows += [list(rows[r]) for _ in range(draw(st.sampled_from([1, 3, 40])))]
        elif how == "drop" and len(rows) > 2:
            del rows[r]
        elif how == "widen":
            rows[r] += [draw(st.sampled_from(ROSTER_CELLS))] * draw(st.integers(1, 3))
    shape = {
        "merge": draw(st.lists(st.tuples(st.integers(header + 1, len(rows) + 1), st.integers(0, 7),
                                         st.integers(1, 3)), max_size=2)),
        "numbers": draw(st.booleans()),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "text"])),
        "delimiter": draw(st.sampled_from([",", ",", "\t", ";"])),
        "bomb": draw(st.sampled_from([False] * 15 + [True])),
    }
    return {"policy": seed["policy"], "form": seed["form"], "rows": rows, "shape": shape}


def roster_csv(table: dict) -> dict:
    """The roster as the `text` or `base64` of an upload."""
    out = io.StringIO()
    csv.writer(out, delimiter=table["shape"]["delimiter"], lineterminator="\r\n").writerows(table["rows"])
    text = out.getvalue()
    encoding = table["shape"]["encoding"]
    if encoding == "text":
        return {"format": "csv", "text": text}
    raw = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    return {"format": "csv", "base64": base64.b64encode(raw).decode("ascii")}


def roster_xlsx(table: dict) -> dict:
    return {"format": "xlsx", "base64": base64.b64encode(xlsx_bytes(table)).decode("ascii")}


def xlsx_bytes(table: dict) -> bytes:
    """Written with openpyxl as a script or Excel would: a text starting with = becomes a
    formula with no cached value; with `numbers`, ID numbers and hours become numbers
    (Excel's 4.10302E+17); merged ranges keep their value in the top cell only."""
    if table["shape"]["bomb"]:
        return _bomb()
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    sheet = book.active
    for r, row in enumerate(table["rows"], 1):
        for c, value in enumerate(row, 1):
            if table["shape"]["numbers"] and value.isascii() and value.replace(".", "", 1).isdigit() and len(value) < 30:
                value = float(value) if "." in value or len(value) > 15 else int(value)
            try:
                sheet.cell(row=r, column=c, value=value)
            except (IllegalCharacterError, ValueError):
                sheet.cell(row=r, column=c, value="?")
    for row, col, height in table["shape"]["merge"]:
        if row + height - 1 <= sheet.max_row and col + 1 <= max(sheet.max_column, 1):
            sheet.merge_cells(start_row=row, start_column=col + 1, end_row=row + height - 1, end_column=col + 1)
    out = io.BytesIO()
    try:
        book.save(out)
    except Exception:
        return _bomb(size=10)
    return out.getvalue()


@cache
def _bomb(size: int = 60_000_000) -> bytes:
    """A small XLSX whose one cell holds `size` characters (a zip bomb of the mild kind)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "身份证号码"])
    sheet.append([1, "张伟", "410302198506151239"])
    sheet["D2"] = "A"
    out = io.BytesIO()
    book.save(out)
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    bombed = io.BytesIO()
    with zipfile.ZipFile(bombed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                cell = b'<c r="D2" t="inlineStr"><is><t>A</t></is></c>'
                assert cell in data, "openpyxl no longer writes inline strings"
                data = data.replace(b'<c r="D2" t="inlineStr"><is><t>A</t></is></c>',
                                    b'<c r="D2" t="inlineStr"><is><t>' + b"A" * size + b"</t></is></c>")
            target.writestr(item, data)
    return bombed.getvalue()
