"""Golden outputs of every form, blank and filled, as the command line writes them.

    tests/forms_golden/inputs/<policy>.<form>.json    what fills the form (values or source)
    tests/forms_golden/<policy>/<form>.blank.html     python -m calculator form NAME --out x.html
    tests/forms_golden/<policy>/<form>.filled.html    ... with the input
    tests/forms_golden/<policy>/<form>.filled.csv     table forms: the CSV download

After an intended change of a form, regenerate with
``FORMS_GOLDEN_UPDATE=1 .venv/bin/python -m pytest tests/test_forms_golden.py`` and read
the diff before committing it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from calculator import policy_ids
from calculator.forms import form_ids, render

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "forms_golden"
UPDATE = os.environ.get("FORMS_GOLDEN_UPDATE") == "1"
FORMS = [(p, f) for p in policy_ids() for f in form_ids(p)]


def request(policy: str, form: str) -> dict:
    return json.loads((GOLDEN / "inputs" / f"{policy}.{form}.json").read_text(encoding="utf-8"))


def filled(policy: str, form: str, fmt: str) -> str:
    from calculator.forms.ops import form_op
    return form_op({**request(policy, form), "policy": policy, "form": form, "format": fmt})["text"]


def check(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert path.is_file(), f"{path} is missing: run with FORMS_GOLDEN_UPDATE=1 to create it"
    assert text == path.read_text(encoding="utf-8", newline=""), f"{path.name} differs from the golden output"


def test_every_form_has_an_input():
    missing = [f"{p}.{f}.json" for p, f in FORMS if not (GOLDEN / "inputs" / f"{p}.{f}.json").is_file()]
    assert not missing


@pytest.mark.parametrize("policy,form", FORMS)
def test_blank(policy, form):
    check(GOLDEN / policy / f"{form}.blank.html", render(policy, form, None, "document"))


@pytest.mark.parametrize("policy,form", FORMS)
def test_filled(policy, form):
    html = filled(policy, form, "document")
    check(GOLDEN / policy / f"{form}.filled.html", html)
    assert "jx-form--blank" not in html


@pytest.mark.parametrize("policy,form", [(p, f) for p, f in FORMS
                                         if render(p, f, None, "html").count('class="jx-table"')])
def test_filled_csv(policy, form):
    check(GOLDEN / policy / f"{form}.filled.csv", filled(policy, form, "csv"))


@pytest.mark.parametrize("policy,form", FORMS[:1] + FORMS[-1:])
def test_the_command_line_writes_the_golden_file(policy, form, tmp_path):
    """Same bytes from `python -m calculator form` as from the module (and the golden file)."""
    out = tmp_path / "form.html"
    src = GOLDEN / "inputs" / f"{policy}.{form}.json"
    result = subprocess.run([sys.executable, "-m", "calculator", "form", f"{policy}/{form}", str(src), "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (GOLDEN / policy / f"{form}.filled.html").read_text(encoding="utf-8")


def test_the_command_line_blank_form_to_stdout():
    result = subprocess.run([sys.executable, "-m", "calculator", "form", "grade_sheet"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout == (GOLDEN / "henan-luoyang-2023" / "grade_sheet.blank.html").read_text(encoding="utf-8")


def test_the_command_line_names_a_bad_field(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"values": {"fields": {"id_number": "410302198506151231"}}}), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "calculator", "form", "cadre_offset", str(bad), "--out",
                             str(tmp_path / "x.html")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert "fields.id_number: 身份证号校验位不符" in result.stderr
    assert "Traceback" not in result.stderr
