"""The browser boots from a memory snapshot taken after `calculator.api.preload()` and
does not install the package's files (web/runtime/worker.js). So, once preloaded, every
operation must answer from memory: this runs them with the package deleted from disk and
expects the very answers the package gives with its files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calculator import api
from calculator.forms import layout
from sitebuild.cases import case_files

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"

# Run in a child process, from a copy laid out as the wheel installs it, which it
# deletes once preloaded; prints the answers as JSON.
CHILD = r"""
import json, shutil, sys, tomllib
from pathlib import Path

package_root, requests = Path(sys.argv[1]), json.loads(sys.argv[2])
sys.path.insert(0, str(package_root))
import calculator.api as api
from calculator.assessment.golden import run_case

api.preload()
shutil.rmtree(package_root)
assert not package_root.exists()
cases = {path: tomllib.loads(Path(path).read_text(encoding="utf-8")) for path in json.loads(sys.argv[3])}
print(json.dumps({
    "answers": [json.loads(api.handle(json.dumps(request))) for request in requests],
    "golden": {name: run_case(case) for name, case in cases.items()},
}, ensure_ascii=False))
"""


def requests() -> list[dict]:
    asked = [{"op": "policies"}]
    for policy in api.policy_ids():
        asked += [{"op": "describe", "input": {"policy": policy}}, {"op": "forms", "input": {"policy": policy}}]
        for form in layout.form_ids(policy):
            asked += [{"op": "form", "input": {"policy": policy, "form": form, "format": fmt}}
                      for fmt in ("html", "document", "csv")]
        # The unit check, its download (which cites clauses by heading) and template.
        roster = {"policy": policy, "year": 2023, "format": "csv",
                  "text": "姓名,身份证号,公需科目,专业科目\n张伟,410302198506151239,30,50\n"}
        asked += [{"op": "unit", "input": roster}, {"op": "unit", "input": {**roster, "forms": True}},
                  {"op": "unit", "input": {**roster, "download": "csv"}},
                  {"op": "unit_template", "input": {"policy": policy, "format": "csv"}}]
    asked += [{"op": "filing", "input": {"policy": "henan-luoyang-2023", "today": "2023-10-14"}},
              {"op": "publicity", "input": {"policy": "hunan-2023", "start": "2023-09-27"}},
              {"op": "form", "input": {"policy": "hunan-2023", "form": "qualified_list", "format": "html",
                                       "values": {"year": 2022, "publicity": {"start": "2023-06-19"}}}}]
    # A filled form that cites a clause by its number and heading (the notice's index).
    source = {"assessment": {"policy": "henan-luoyang-2023", "activities": [
        {"kind": "cadre_college_offset", "hours": 42, "public_institution_staff": False}]}}
    asked.append({"op": "form", "input": {"policy": "henan-luoyang-2023", "form": "cadre_offset",
                                          "format": "html", "source": source}})
    return asked


@pytest.fixture(scope="module")
def preloaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("installed")
    shutil.copytree(ROOT / "calculator", root / "calculator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "policies", root / "calculator" / "policies")
    asked = requests()
    files = [str(path) for path in case_files(CASES, api.policy_ids())]
    done = subprocess.run([sys.executable, "-B", "-c", CHILD, str(root), json.dumps(asked), json.dumps(files)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return asked, json.loads(done.stdout)


def test_every_operation_answers_without_the_package_files(preloaded):
    asked, result = preloaded
    assert len(asked) > 10
    for request, answer in zip(asked, result["answers"], strict=True):
        assert answer == json.loads(api.handle(json.dumps(request))), request


def test_the_golden_cases_pass_without_the_package_files(preloaded):
    _, result = preloaded
    assert len(result["golden"]) == len(case_files(CASES, api.policy_ids())) > 50
    assert {name: problems for name, problems in result["golden"].items() if problems} == {}
