"""Reading the first sheet of an XLSX roster, with the standard library, within bounds.

An HR office's spreadsheet comes from Excel, WPS or a script, and says more than its
values: a value merged over several rows belongs to each of them; a formula written by a
script has no cached result (a reader that only looks at values sees a blank); an ID
number typed into a number cell has become 4.10302E+17. `read` reports each of these per
cell, so the importer can say what happened and how to fix it instead of importing blanks.

Bounds first: the file, the XML inside it once inflated (a 300 KB file can hold one cell of
300 MB), and the rows. Standard library only (zipfile, ElementTree), so the import needs no
optional package in the browser.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from ..errors import InputError

MAX_FILE_MB = 5
MAX_XML_MB = 4           # the parts we read, once inflated: a 5000-row roster is about 2 MB
MAX_ROWS = 10_000
_REF = re.compile(r"([A-Z]{1,3})(\d+)")


@dataclass
class Sheet:
    """Rows as text: ``rows[i] = (line, [cell text, ...])``; `kinds` notes the cells that
    were not plain text or numbers: ``{(line, column index): "formula" | "error" | "number"}``
    ("number" for every numeric cell, so an ID column can tell a number from text);
    `merged` the cells filled from the top-left cell of their merged range."""

    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    kinds: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: set[tuple[int, int]] = field(default_factory=set)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _part(book: zipfile.ZipFile, name: str, budget: list[int]) -> bytes | None:
    try:
        info = book.getinfo(name)
    except KeyError:
        return None
    if info.file_size > budget[0]:
        raise InputError("file", f"XLSX 文件解压后超过 {MAX_XML_MB} MB，不像是一份名单（请只保留名单所在的工作表）")
    with book.open(info) as stream:
        data = stream.read(budget[0] + 1)      # the header's size may lie; the data does not
    if len(data) > budget[0]:
        raise InputError("file", f"XLSX 文件解压后超过 {MAX_XML_MB} MB，不像是一份名单（请只保留名单所在的工作表）")
    budget[0] -= len(data)
    return data


def _first_sheet(book: zipfile.ZipFile, budget: list[int]) -> str:
    workbook = _part(book, "xl/workbook.xml", budget)
    rels = _part(book, "xl/_rels/workbook.xml.rels", budget)
    if workbook is not None and rels is not None:
        sheet = next((e for e in ElementTree.fromstring(workbook).iter() if _local(e.tag) == "sheet"), None)
        rid = next((v for k, v in (sheet.attrib.items() if sheet is not None else ()) if _local(k) == "id"), None)
        for rel in ElementTree.fromstring(rels).iter():
            if _local(rel.tag) == "Relationship" and rel.get("Id") == rid:
                target = rel.get("Target", "")
                return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    names = sorted(n for n in book.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    if not names:
        raise InputError("file", "XLSX 文件中没有工作表")
    return names[0]


def _shared_strings(book: zipfile.ZipFile, budget: list[int]) -> list[str]:
    data = _part(book, "xl/sharedStrings.xml", budget)
    if data is None:
        return []
    strings = []
    for item in ElementTree.fromstring(data):
        if _local(item.tag) == "si":
            strings.append("".join(t.text or "" for t in item.iter() if _local(t.tag) == "t"))
    return strings


def _number_text(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def read(raw: bytes) -> Sheet:
    if len(raw) > MAX_FILE_MB * 1024 * 1024:
        raise InputError("file", f"文件超过 {MAX_FILE_MB} MB（{len(raw) / 1048576:.1f} MB），不像是一份名单")
    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError):
        raise InputError("file", "不是有效的 XLSX 文件（文件已损坏，或不是 Excel 2007 以后的 .xlsx 格式；"
                                 "旧的 .xls 请在 Excel 或 WPS 中另存为 .xlsx）") from None
    budget = [MAX_XML_MB * 1024 * 1024]
    try:
        with book:
            strings = _shared_strings(book, budget)
            data = _part(book, _first_sheet(book, budget), budget)
            if data is None:
                raise InputError("file", "XLSX 文件中没有工作表")
            return _cells(data, strings)
    except InputError:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, EOFError, ValueError, KeyError, NotImplementedError):
        raise InputError("file", "不是有效的 XLSX 文件（文件已损坏，或其中的内容不是表格）") from None


def _cells(data: bytes, strings: list[str]) -> Sheet:
    sheet = Sheet()
    cells: dict[int, dict[int, str]] = {}
    merges: list[tuple[int, int, int, int]] = []
    for _, element in ElementTree.iterparse(io.BytesIO(data)):
        tag = _local(element.tag)
        if tag == "c":
            ref = _REF.fullmatch(element.get("r", ""))
            if ref is None:
                continue
            line, col = int(ref.group(2)), _column(ref.group(1))
            if line > MAX_ROWS:
                raise InputError("file", f"名单不能超过 {MAX_ROWS} 行")
            kind = element.get("t", "n")
            value = formula = None
            inline = []
            for child in element:
                name = _local(child.tag)
                if name == "v":
                    value = child.text
                elif name == "f":
                    formula = child.text or ""
                elif name == "is":
                    inline = [t.text or "" for t in child.iter() if _local(t.tag) == "t"]
            text = ""
            if kind == "s" and value is not None:
                index = int(value)
                text = strings[index] if 0 <= index < len(strings) else ""
            elif kind == "inlineStr":
                text = "".join(inline)
            elif kind == "e":
                sheet.kinds[(line, col)] = "error"
                text = value or ""
            elif kind == "b":
                text = "TRUE" if value == "1" else "FALSE"
            elif value is not None:
                text = value if kind == "str" else _number_text(value)
                if kind == "n":
                    sheet.kinds[(line, col)] = "number"
            if formula is not None and value is None and kind != "inlineStr":
                sheet.kinds[(line, col)] = "formula"
            cells.setdefault(line, {})[col] = text.strip()
            element.clear()
        elif tag == "mergeCell":
            found = [_REF.fullmatch(p) for p in element.get("ref", "").split(":")]
            if len(found) == 2 and all(found):
                (c1, r1), (c2, r2) = [(_column(m.group(1)), int(m.group(2))) for m in found]
                merges.append((r1, c1, min(r2, r1 + MAX_ROWS), min(c2, c1 + 100)))
        elif tag == "row":
            element.clear()
    # A value merged over several cells belongs to each of them (filled down and right).
    for r1, c1, r2, c2 in merges:
        top = cells.get(r1, {}).get(c1, "")
        if not top:
            continue
        for line in range(r1, r2 + 1):
            for col in range(c1, c2 + 1):
                if (line, col) != (r1, c1):
                    cells.setdefault(line, {})[col] = top
                    sheet.merged.add((line, col))
    for line in sorted(cells):
        row = cells[line]
        sheet.rows.append((line, [row.get(c, "") for c in range(max(row) + 1)] if row else []))
    return sheet
