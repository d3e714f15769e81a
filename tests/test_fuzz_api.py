"""Fuzz `calculator.api.handle`, the page worker's one entry point, with mutations of valid
requests of every op, broken envelopes and hostile rosters: every answer is JSON with
``ok`` true or false, an error names a field in Chinese, no call escapes an exception or
keeps the worker busy more than a second, and every CSV, XLSX and HTML download is inert
(tests/fuzz/checks.py).

Calls run in a child process (tests/fuzz/worker.py) so that a hang is killed, not waited
for. FUZZ_EXAMPLES sets the examples per test; ``python -m tests.fuzz.report`` runs longer
and lists every distinct failure instead of stopping at the first."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.fuzz import cases, seeds
from tests.fuzz.runner import Worker

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
OPS = seeds.documented_ops()


@pytest.fixture(scope="module")
def worker():
    w = Worker()
    yield w
    w.close()


def test_the_fuzz_covers_every_op():
    assert {"assess", "span", "describe", "policies", "form", "forms", "roster", "plan", "fund"} <= set(OPS)
    assert all(seeds.requests()[op] for op in OPS)


@pytest.mark.parametrize("op", OPS)
@FUZZ
@given(data=st.data())
def test_every_op_answers_any_mutation_of_a_valid_request(worker, op, data):
    for call in data.draw(cases.op_calls(op), label="calls"):
        cases.execute(worker, call)


@FUZZ
@given(calls=cases.envelope_calls())
def test_the_request_itself_may_be_anything(worker, calls):
    for call in calls:
        cases.execute(worker, call)


@FUZZ
@given(calls=cases.roster_calls())
def test_rosters_from_spreadsheets_import_and_download_inert(worker, calls):
    for call in calls:
        cases.execute(worker, call)
