"""What every answer must be, whatever the input: each violation raises a `Finding` whose
`signature` names the bug (the exception and where it escaped, the English words, the
cell holding a formula), so that a report can list each distinct bug once."""

from __future__ import annotations

import base64
import csv
import io
import json
import re

from .runner import CPU_LIMIT

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Two English words in a row, or an exception's class name: what an untranslated message
# (Expecting value, Invalid value, No such file or directory, BadZipFile) looks like.
ENGLISH = re.compile(r"[A-Za-z]{2,}[ :,'()]+[a-z]{2,}|\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception|File|Warning)\b")
# errors.shown() quotes a value as 'value' without escaping what is inside: greedy.
QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|\"[^\"]*\"|「[^」]*」|《[^》]*》|'.*'")
OURS = ("JSON object",)           # the product's own bilingual hint: 应为对象（JSON object）
# A spreadsheet evaluates a cell that starts with one of these (OWASP "CSV injection").
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The CSV's one deliberate formula: ="<ID or phone number>", a string constant that keeps
# Excel from turning 410302198506151239 into 4.10302E+17. Constant characters only.
ID_GUARD = re.compile(r'="[0-9Xx０-９+()（）\- 转]*"')


class Finding(AssertionError):
    def __init__(self, kind: str, signature: str, detail: str = "") -> None:
        self.kind, self.signature, self.detail = kind, signature, detail
        super().__init__(f"{kind}: {signature}" + (f"\n{detail}" if detail else ""))


def _digits(text: str) -> str:
    return re.sub(r"\d+", "N", text)


def worker_answer(answer: dict, what: str) -> None:
    """No exception escaped, and the call kept the worker busy at most CPU_LIMIT seconds."""
    if "exception" in answer:
        raise Finding("exception", f"{answer['exception']} at {answer.get('where') or '?'} ({what})",
                      answer.get("traceback", answer.get("message", "")))
    if answer["cpu"] > CPU_LIMIT:
        raise Finding("busy", f"{what}: more than {CPU_LIMIT:.0f} s of CPU", f"{answer['cpu']:.2f} s")


def chinese(text: str, what: str) -> None:
    """A message a person reads: Chinese, with no English sentence in it (what the person
    typed, in quotes, may be anything)."""
    if not isinstance(text, str) or not text.strip():
        raise Finding("message", f"{what}: empty message")
    bare = QUOTED.sub("", text)
    for ours in OURS:
        bare = bare.replace(ours, "")
    english = ENGLISH.search(bare)
    if english or not CJK.search(bare):
        raise Finding("english", f"{what}: {_digits(english.group(0) if english else bare)[:60]!r}", text[:300])


def handle_answer(op: str, response: object) -> dict:
    """`handle`'s answer: JSON (that any page can take: UTF-8 encodable), ok true with a
    result, or ok false with an error naming a field in Chinese."""
    if not isinstance(response, str):
        raise Finding("answer", f"{op}: handle returned {type(response).__name__}, not a string")
    try:
        response.encode("utf-8")
    except UnicodeEncodeError:
        raise Finding("answer", f"{op}: answer is not UTF-8 encodable (a lone surrogate)") from None
    answer = json.loads(response)
    if not isinstance(answer, dict) or not isinstance(answer.get("ok"), bool):
        raise Finding("answer", f"{op}: answer has no ok true/false")
    if answer["ok"]:
        if "result" not in answer:
            raise Finding("answer", f"{op}: ok without a result")
        return answer
    error = answer.get("error")
    if not isinstance(error, dict) or not isinstance(error.get("field"), str) or not error["field"]:
        raise Finding("answer", f"{op}: error without a field", response[:300])
    chinese(error.get("problem"), f"error of {error['field'].split('[')[0].split('.')[0]}")
    return answer


def download(op: str, result: dict) -> None:
    """A form download: CSV and XLSX inert, HTML without the markup a user typed."""
    fmt = result.get("format")
    if "base64" in result:
        content = base64.b64decode(result["base64"])
    else:
        content = result.get("text", "")
    if fmt == "csv":
        csv_inert(content if isinstance(content, str) else content.decode("utf-8-sig"), op)
    elif fmt == "xlsx":
        xlsx_inert(content, op)
    elif fmt in ("html", "document"):
        html_inert(content, op)


def csv_inert(text: str, what: str) -> None:
    for r, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))):
        for c, cell in enumerate(row):
            if (cell.startswith(TRIGGERS) or cell.lstrip().startswith(TRIGGERS[:4])) and not ID_GUARD.fullmatch(cell):
                raise Finding("inert", f"{what}: CSV cell starting with {cell[:1]!r} is live",
                              f"row {r + 1} column {c + 1}: {cell[:80]!r}")


def xlsx_inert(content: bytes, what: str) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    raise Finding("inert", f"{what}: XLSX cell holds a formula",
                                  f"{sheet.title}!{cell.coordinate}: {str(cell.value)[:80]!r}")
                value = cell.value
                if isinstance(value, str) and value.lstrip().startswith(TRIGGERS[:4]) and not cell.quotePrefix:
                    # Stored as text it is inert until someone edits the cell: Excel's own
                    # way to keep it text then is the quote prefix (what typing '=1 gives).
                    raise Finding("inert", f"{what}: XLSX text cell starting with {value.lstrip()[:1]!r} "
                                           "has no quote prefix", f"{sheet.title}!{cell.coordinate}: {value[:80]!r}")


def html_inert(text: str, what: str) -> None:
    lowered = text.lower()
    for marker in ("<script>alert", "onerror=alert", "<b>粗</b>"):
        if marker in lowered:
            raise Finding("inert", f"{what}: HTML holds the markup a user typed ({marker!r})")


def cli_answer(argv: list[str], answer: dict) -> None:
    """Exit 0 (with JSON on stdout for --json and inert files for --out), or exit 2 with a
    Chinese message on stderr; never a traceback."""
    what = f"cli {argv[0]}"
    worker_answer(answer, what)
    code, err = answer["code"], answer["stderr"]
    out = base64.b64decode(answer["stdout"])
    if "Traceback" in err:
        raise Finding("exception", f"{what}: traceback on stderr", err[-800:])
    if code == 2:
        last = err.strip().splitlines()[-1] if err.strip() else ""
        # 错误：<field>: <problem> (the field is the input's own spelling) or 错误：<problem>
        message = last.removeprefix("错误：")
        field, sep, problem = message.partition(": ")
        chinese(problem if sep and not CJK.search(field) else message, f"{what} exit 2")
        return
    if code != 0:
        raise Finding("exit", f"{what}: exit status {code!r}", err[-500:])
    if "--json" in argv:
        json.loads(out.decode("utf-8"))
    for name, content in answer["outputs"].items():
        raw = base64.b64decode(content)
        if name.endswith(".csv"):
            csv_inert(raw.decode("utf-8-sig"), what)
        elif name.endswith(".xlsx"):
            xlsx_inert(raw, what)
