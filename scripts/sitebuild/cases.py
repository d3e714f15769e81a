"""The golden cases (tests/cases/) as the build and the tests find them.

Each policy's cases live in ``tests/cases/<policy-id>/`` (its multi-year cases in
``span/`` there), and the cases about input that holds whatever the policy (an unknown
or missing policy) in ``tests/cases/_any/``. A site shows the cases of the policies it
publishes: the real site never shows a test fixture's.
"""

from __future__ import annotations

import base64
import json
import tomllib
from collections.abc import Iterable
from pathlib import Path

ANY_POLICY = "_any"


def case_files(folder: Path, policy_ids: Iterable[str]) -> list[Path]:
    """The case files of these policies, and those for any policy, in a stable order."""
    wanted = [*sorted(policy_ids), ANY_POLICY]
    return [path for name in wanted for path in sorted((folder / name).rglob("*.toml"))]


def case_id(path: Path, folder: Path) -> str:
    """A page anchor: ``hunan-2023/span/one-year-short.toml`` -> ``hunan-2023-span-one-year-short``."""
    return path.relative_to(folder).with_suffix("").as_posix().lstrip("_").replace("/", "-")


def golden_cases(folder: Path, policy_ids: Iterable[str]) -> list[dict]:
    """The cases of these policies run through the real engine, for the worked-examples
    page: the tests double as documentation."""
    import calculator

    cases = []
    for path in case_files(folder, policy_ids):
        source = path.read_text(encoding="utf-8")
        case = tomllib.loads(source)
        span = "span_input" in case
        data = case["span_input" if span else "input"]
        try:
            result, error = (calculator.assess_span if span else calculator.assess)(data), None
        except calculator.InputError as e:
            result, error = None, e.to_dict()
        share = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode()
        cases.append({"id": case_id(path, folder), "path": path.relative_to(folder.parent.parent).as_posix(),
                      "source": source, "description": case.get("description", path.stem), "span": span,
                      "input": data, "result": result, "error": error,
                      "share": base64.urlsafe_b64encode(share).decode().rstrip("=")})
    return cases
