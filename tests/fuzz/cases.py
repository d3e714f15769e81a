"""The fuzz cases: strategies drawing the calls to make, and `execute`, which makes one
call and checks its answer. The tests and the report share them.

A call is ``Handle(op, text)`` (calculator.api.handle) or ``Cli(argv, files, stdin)``
(python -m calculator in a fresh folder holding `files`)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from hypothesis import strategies as st

from . import checks, hostile, seeds
from .runner import Hang, Worker


@dataclass(frozen=True)
class Handle:
    op: str
    text: str

    def __repr__(self) -> str:
        return f"Handle({self.op!r}, {self.text[:400]!r}{'…' if len(self.text) > 400 else ''})"


@dataclass(frozen=True)
class Cli:
    argv: tuple[str, ...]
    files: dict = field(default_factory=dict)     # name -> bytes
    stdin: bytes | None = None

    def __repr__(self) -> str:
        files = {k: (v[:200] + (b"..." if len(v) > 200 else b"")) for k, v in self.files.items()}
        return f"Cli({list(self.argv)!r}, files={files!r}, stdin={(self.stdin or b'')[:200]!r})"


def execute(worker: Worker, call) -> dict:
    """Make the call; raise checks.Finding for anything an answer must not be."""
    if isinstance(call, Handle):
        try:
            answer = worker.call({"handle": call.text})
        except Hang as hang:
            raise checks.Finding("hang", f"{call.op}: {hang}", repr(call)) from None
        checks.worker_answer(answer, "handle")
        result = checks.handle_answer(call.op, answer["response"])
        _result(call.op, result)
        return result
    request = {"cli": list(call.argv), "files": {k: base64.b64encode(v).decode("ascii") for k, v in call.files.items()},
               "stdin": base64.b64encode(call.stdin).decode("ascii") if call.stdin is not None else None}
    try:
        answer = worker.call(request)
    except Hang as hang:
        raise checks.Finding("hang", f"cli {call.argv[0]}: {hang}", repr(call)) from None
    checks.cli_answer(list(call.argv), answer)
    return answer


def _result(op: str, answer: dict) -> None:
    """What a successful answer holds that a person reads or downloads."""
    if not answer["ok"]:
        return
    result = answer["result"]
    if op == "form":
        checks.download(op, result)
    if op == "roster":
        for problem in result["problems"]:
            checks.chinese(problem["reason"], "roster problem")
    if op == "answers" and result.get("error"):
        checks.chinese(result["error"]["problem"], "answers error")
    if op == "plan":
        for problem in result["problems"]:
            checks.chinese(problem["message"], "plan problem")


def _handle(op: str, data) -> Handle:
    return Handle(op, hostile.to_json({"op": op, "input": data}))


# ------------------------------------------------------------------------- handle


@st.composite
def op_calls(draw, op: str) -> list:
    """One op with a mutation of one of its valid inputs."""
    seed = draw(st.sampled_from(seeds.requests()[op]), label="seed")
    return [_handle(op, draw(hostile.mutated(seed), label="input"))]


@st.composite
def envelope_calls(draw) -> list:
    """The request itself broken: its op, its JSON, its nesting."""
    op = draw(st.sampled_from(seeds.documented_ops()))
    envelope = {"op": op, "input": draw(st.sampled_from(seeds.requests()[op]))}
    whole = hostile.to_json(envelope)
    text = draw(st.one_of(
        hostile.mutated(envelope, max_edits=2).map(hostile.to_json),
        st.sampled_from(hostile.RAW).map(lambda raw: raw.text),
        st.text(max_size=30),
        st.integers(0, len(whole)).map(lambda n: whole[:n]),
    ), label="request")
    return [Handle("request", text)]


@st.composite
def roster_calls(draw) -> list:
    """A hostile roster imported, then downloaded as a form filled from it."""
    table = draw(hostile.roster_table(draw(st.sampled_from(seeds.roster_tables()))), label="roster")
    upload = hostile.roster_xlsx(table) if draw(st.booleans(), label="xlsx") else hostile.roster_csv(table)
    request = {"policy": table["policy"], "form": table["form"],
               "format": draw(st.sampled_from(["csv", "xlsx", "html"]), label="download"),
               "source": {"roster": upload, "import_form": table["form"]}}
    if table["form"] == "qualified_list":
        request["year"] = draw(st.sampled_from([2019, 2020]))
    return [_handle("roster", {"policy": table["policy"], "form": table["form"], **upload}),
            _handle("form", request),
            # The same spreadsheet as a whole unit's roster to check (issue 17).
            _handle("unit", {"policy": table["policy"], "year": draw(st.sampled_from([2023, 2024]), label="year"),
                             "download": draw(st.sampled_from([None, "csv", "xlsx"]), label="unit download"),
                             **upload})]


# ------------------------------------------------------------------------- CLI


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@st.composite
def cli_document_calls(draw) -> list:
    """assess / span / form with a mutated input file (or standard input)."""
    command = draw(st.sampled_from(["assess", "span", "form"]), label="command")
    seed = draw(st.sampled_from(seeds.cli_documents()[command]))
    doc = draw(hostile.mutated(seed["input"] if command == "form" else seed), label="input")
    ext = draw(st.sampled_from(["toml", "json", "-"]), label="written as")
    text = hostile.to_toml(doc) if ext == "toml" else hostile.to_json(doc)
    name = "-" if ext == "-" else f"in.{ext}"
    if command == "form":
        argv = ("form", seed["name"], name, "--out", draw(st.sampled_from(["out.xlsx", "out.csv", "out.html", "-"])))
    else:
        argv = (command, name, *draw(st.sampled_from([(), ("--json",)])))
    if ext == "-":
        return [Cli(argv, {}, _encode(text))]
    return [Cli(argv, {name: _encode(text)})]


@st.composite
def cli_roster_calls(draw) -> list:
    table = draw(hostile.roster_table(draw(st.sampled_from(seeds.roster_tables()))), label="roster")
    if draw(st.booleans(), label="xlsx"):
        name, content = "r.xlsx", hostile.xlsx_bytes(table)
    else:
        upload = hostile.roster_csv(table)
        name = "r.csv"
        content = _encode(upload["text"]) if "text" in upload else base64.b64decode(upload["base64"])
    out = draw(st.sampled_from(["out.xlsx", "out.csv"]))
    if draw(st.booleans(), label="unit"):
        # The same spreadsheet checked as a whole unit (python -m calculator unit).
        return [Cli(("unit", name, "--policy", table["policy"], "--year", "2023", "--out", out), {name: content})]
    return [Cli(("form", f"{table['policy']}/{table['form']}", "--roster", name, "--out", out), {name: content})]


def cli_path_calls() -> list:
    """What goes wrong around the files: missing, a folder, not writable, not UTF-8."""
    good = _encode(hostile.to_json(seeds.cli_documents()["assess"][0]))
    sheet = "henan-luoyang-2023/grade_sheet"
    return [
        Cli(("assess", "missing.json")),
        Cli(("assess", "in.json"), {"in.json/keep": b""}),
        Cli(("assess", "in.json"), {"in.json": b"\xff\xfe\x00garbage"}),
        Cli(("assess", "in.toml"), {"in.toml": "policy = '湖南'".encode("gb18030")}),
        Cli(("assess", "in.txt"), {"in.txt": good}),
        Cli(("assess", "-", "--json"), {}, b"\xff\xfe not utf-8"),
        Cli(("assess", "-", "--json"), {}, b""),
        Cli(("form", sheet, "--out", "missing/out.xlsx")),
        Cli(("form", sheet, "--out", "out.xlsx"), {"out.xlsx/keep": b""}),
        Cli(("form", sheet, "--roster", "missing.csv", "--out", "out.csv")),
        Cli(("form", sheet, "--roster", "r.xlsx", "--out", "out.csv"), {"r.xlsx": good}),
        Cli(("form", "henan-luoyang-2023/nope", "in.json", "--out", "out.csv"), {"in.json": b"{}"}),
        Cli(("rules", "nope")),
    ]
