"""Fuzz ``python -m calculator``: mutated TOML and JSON inputs of assess, span and form,
hostile rosters for ``form --roster``, and the file-system mistakes people make. Every run
exits 0 (with JSON for --json, inert CSV and XLSX for --out) or 2 with a Chinese message,
never with a traceback, within a second of CPU. Runs in the child process of
tests/fuzz/worker.py exactly as ``python -m calculator`` runs (runpy), with a real pipe's
strict UTF-8 streams."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz import cases
from tests.fuzz.runner import Worker

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def worker():
    w = Worker()
    yield w
    w.close()


@FUZZ
@given(calls=cases.cli_document_calls())
def test_cli_answers_any_mutation_of_a_valid_input(worker, calls):
    for call in calls:
        cases.execute(worker, call)


@FUZZ
@given(calls=cases.cli_roster_calls())
def test_cli_form_roster_answers_any_spreadsheet(worker, calls):
    for call in calls:
        cases.execute(worker, call)


@pytest.mark.parametrize("call", cases.cli_path_calls(), ids=lambda c: " ".join(c.argv))
def test_cli_reports_file_mistakes_in_chinese(worker, call):
    cases.execute(worker, call)
