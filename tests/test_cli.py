"""python -m calculator: assess, span, rules, policies; exit codes; errors without
tracebacks; and running from an installed layout (policies as package data)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import calculator
from calculator.cli import main
from calculator.policy.loader import cite

ROOT = Path(__file__).resolve().parent.parent

HUNAN_TOML = """\
policy = "hunan-2023"
year = 2023

[[activities]]
kind = "training"
category = "professional"
days = 4
half_days = 1

[[activities]]
kind = "paper"
role = "first_author"
date = 2023-06-01
"""


def run(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        import io
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hunan_file(tmp_path):
    path = tmp_path / "me.toml"
    path.write_text(HUNAN_TOML, encoding="utf-8")
    return path


def test_assess_text(capsys, hunan_file):
    code, out, err = run(capsys, "assess", str(hunan_file))
    assert code == 0 and err == ""
    assert "结论：未达到要求" in out
    assert "还差 16 学时" in out
    assert "参加培训、会议：4 天 × 10 + 1 个半天 × 4 = 44 学时" in out
    # Clauses are cited as the page cites them: their number and heading, not an anchor.
    assert "〔湖南 附件·二·1 参加有关培训、会议等〕" in out and "〔湖南 一（二） 学时要求〕" in out
    assert "conversion-1" not in out


def test_assess_json(capsys, hunan_file):
    code, out, _ = run(capsys, "assess", str(hunan_file), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["earned"] == {"public": 0, "professional": 74, "total": 74}
    assert result["passed"] is False


def test_assess_json_on_stdin(capsys, monkeypatch):
    data = {"policy": "henan-luoyang-2023", "activities": [
        {"kind": "certified_hours", "category": "public", "hours": 30},
        {"kind": "certified_hours", "category": "professional", "hours": 60}]}
    code, out, _ = run(capsys, "assess", "-", "--json", stdin=json.dumps(data), monkeypatch=monkeypatch)
    assert code == 0 and json.loads(out) == calculator.assess(data)


def test_passing_is_exit_0_too(capsys, tmp_path):
    path = tmp_path / "ok.json"
    path.write_text(json.dumps({"policy": "hunan-2023", "activities": [
        {"kind": "training", "category": "professional", "days": 9}]}), encoding="utf-8")
    code, out, _ = run(capsys, "assess", str(path))
    assert code == 0 and "结论：达到要求" in out


def test_span(capsys, tmp_path):
    path = tmp_path / "span.toml"
    path.write_text('policy = "hunan-2023"\n[[years]]\nyear = 2019\nprior_certificate = true\n'
                    '[[postings]]\nkind = "aid_assignment"\nstart = "2020-01"\nend = "2021-06"\n'
                    'assessed_qualified = true\n', encoding="utf-8")
    code, out, _ = run(capsys, "span", str(path))
    assert code == 0
    assert "未达到要求的年度：2018、2022" in out and "已开具《学时认定单》" in out
    code, out, _ = run(capsys, "span", str(path), "--json")
    assert json.loads(out)["failed_years"] == [2018, 2022]


def test_rules(capsys):
    code, out, _ = run(capsys, "rules", "hunan-2023")
    assert code == 0
    assert "湘人社办函〔2023〕23号" in out
    assert "专业科目不少于总学时的 2/3，即 60 学时" in out
    for kind in calculator.load_policy("hunan-2023").kinds.values():
        assert kind.id in out and cite(kind.clause) in out
    assert "博士参评副高" in out
    code, out, _ = run(capsys, "rules", "henan-luoyang-2023")
    assert "年度内在境外工作超过6个月" in out and "豫人社办〔2017〕121号" in out


def test_policies(capsys):
    code, out, _ = run(capsys, "policies")
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines()] == calculator.policy_ids()


@pytest.mark.parametrize("content, suffix, expected", [
    ('{"policy": "hunan-2023", "activities": [{"kind": "training", "category": "public", "days": 1},'
     ' {"kind": "training", "category": "public", "days": -2}]}', ".json",
     "错误：activities[1].days: -2 不是不小于 0 的整数"),
    ('policy = "hunan-2023"\n[[activities]]\nkind = "training"\ndays = \n', ".toml",
     "不是有效的 TOML：第 4 行第 8 列，此处的值无效"),
    ('{"policy": "hunan-2023",\n "activities": [}', ".json", "不是有效的 JSON：第 2 行"),
    ('policy = "nowhere"\n', ".toml", "错误：policy: 未知的政策“nowhere”"),
    ("policy = 1", ".txt", "输入文件必须是 .toml 或 .json"),
    (b"\xff\xfe\x00", ".json", "不是 UTF-8 编码的文本"),
    ("[1, 2]", ".json", "错误：input: 列表 不是一个对象"),
])
def test_invalid_input_exits_2_with_one_line(capsys, tmp_path, content, suffix, expected):
    path = tmp_path / f"input{suffix}"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "assess", str(path))
    assert code == 2 and out == ""
    assert expected in err and err.startswith("错误：") and err.count("\n") == 1


def test_missing_file_and_unknown_policy(capsys, tmp_path):
    code, _, err = run(capsys, "assess", str(tmp_path / "nope.toml"))
    assert code == 2 and "找不到输入文件" in err
    code, _, err = run(capsys, "rules", "nope")
    assert code == 2 and err.startswith("错误：policy: ")


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main([])
    assert e.value.code == 2


def _python(args, cwd, env_path=None, stdin=None):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if env_path:
        env["PYTHONPATH"] = str(env_path)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, input=stdin, capture_output=True,
                          text=True, timeout=60)


def test_python_dash_m_never_prints_a_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"policy": "hunan-2023", "year": true}', encoding="utf-8")
    p = _python(["-m", "calculator", "assess", str(bad)], cwd=tmp_path, env_path=ROOT)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.strip().startswith("错误：year: ")


def test_installed_layout_reads_the_packaged_policies(tmp_path):
    # What the wheel installs: calculator/ with policies/ inside it (hatchling's
    # force-include). Run from elsewhere so the repository is not on the path.
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "calculator", site / "calculator",
                    ignore=shutil.ignore_patterns("__pycache__", "policies"))
    shutil.copytree(ROOT / "policies", site / "calculator" / "policies",
                    ignore=shutil.ignore_patterns("__pycache__"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    p = _python(["-c", "import calculator.policy.folders as p; print(p.policies_root())"], cwd=elsewhere, env_path=site)
    assert p.returncode == 0, p.stderr
    assert Path(p.stdout.strip()) == site / "calculator" / "policies"
    data = json.dumps({"policy": "hunan-2023", "activities": [
        {"kind": "degree_course", "courses_passed": 2}]})
    p = _python(["-m", "calculator", "assess", "-", "--json"], cwd=elsewhere, env_path=site, stdin=data)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["earned"]["professional"] == 90
    p = _python(["-m", "calculator", "policies"], cwd=elsewhere, env_path=site)
    assert p.returncode == 0 and "hunan-2023" in p.stdout


def test_span_report_explains_postings_and_the_exceptions(capsys, tmp_path):
    path = tmp_path / "span.json"
    path.write_text(json.dumps({"policy": "hunan-2023", "postings": [
        {"kind": "aid_assignment", "start": "2019-03", "end": "2020-02", "assessed_qualified": True}]}),
        encoding="utf-8")
    code, out, _ = run(capsys, "span", str(path))
    assert code == 0
    assert "跨年度外派：" in out
    assert "[外派1] 2019 年：" in out and "月数最多的 2019 年度（10 个月）" in out
    assert "[外派1] 2020 年：" in out and "本年度 2 个月，不视为完成，0 学时" in out
    assert "跨年度外派：外派期间按起止月份计算" in out           # the ruling applied
    assert "博士参评副高：博士参评副高按相关规定执行" in out      # the exception, cited
    assert "〔湖南 三 认真开展职称参评人员继续教育学时核认〕" in out
    # A past year is not told to go to training in that year.
    assert "2018 年度已经过去，不能再参加该年度的学习来补足" in out and "例如参加 3 天" not in out


def test_suggestions_print_the_clause_number_and_title(capsys, tmp_path):
    path = tmp_path / "short.json"
    path.write_text(json.dumps({"policy": "hunan-2023", "activities": [
        {"kind": "training", "category": "professional", "days": 4}]}), encoding="utf-8")
    _, out, _ = run(capsys, "assess", str(path))
    suggestions = out.split("建议：")[1].split("明细：")[0]
    assert "（每天 10 学时，湖南 附件·二·1 参加有关培训、会议等）" in suggestions
    assert "conversion-1" not in out
    _, out, _ = run(capsys, "assess", str(path), "--json")
    assert all("conversion-1" not in s["text"] for s in json.loads(out)["suggestions"])


def test_a_missing_assessment_result_is_asked_for(capsys, tmp_path):
    path = tmp_path / "aid.json"
    path.write_text(json.dumps({"policy": "hunan-2023", "activities": [{"kind": "aid_assignment", "months": 6}]}),
                    encoding="utf-8")
    code, out, err = run(capsys, "assess", str(path))
    assert code == 2 and out == ""
    assert err.startswith("错误：activities[0].assessed_qualified: 必须回答“考核合格”") and "考核未合格" not in err
