"""The two exceptions the package raises on purpose, and how a message quotes a value.

`InputError` is the person's mistake (a field they typed); `RulesError` is ours (a
policy file that does not match the schema). Everything else is a bug. A message about
a value names it (`shown`): ``activities[0].kind: 'moon_landing' 不是本政策的活动类型``.
"""

from __future__ import annotations

from typing import Any

SHOWN_LIMIT = 40          # characters of a value quoted back in a message


def shown(value: Any) -> str:
    """The value a person gave, as a message quotes it back: ``'moon_landing'``, ``-3``,
    ``true``, ``null``; a list or table by its type; long text cut short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        text = repr(value)
    elif isinstance(value, str):
        # Cut inside the quotes, so a message still shows where the value ends.
        cut = value if len(value) <= SHOWN_LIMIT - 2 else value[:SHOWN_LIMIT - 3] + "…"
        return "'" + cut + "'"
    elif isinstance(value, (list, tuple)):
        return "列表"
    elif isinstance(value, dict):
        return "对象"
    else:
        text = str(value)
    return text if len(text) <= SHOWN_LIMIT else text[:SHOWN_LIMIT - 1] + "…"


class InputError(ValueError):
    """Invalid assessment input.

    `field` is the path of the offending value exactly as it is spelt in the JSON input
    (``activities[1].days``); `problem` says in Chinese what is wrong with it. A key
    spelt as nothing (``{"": 1}``) is named ``""``, so every error names something.
    """

    def __init__(self, field: str, problem: str) -> None:
        field = field or '""'
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")

    def __str__(self) -> str:  # ValueError would print the args tuple otherwise
        return f"{self.field}: {self.problem}"

    def to_dict(self) -> dict:
        return {"field": self.field, "problem": self.problem, "message": str(self)}


class RulesError(Exception):
    """A policy's rules.toml (or its notice.md anchors) is inconsistent.

    Collects every problem found, so one run of the build lists them all; each problem is
    a (file, key path, message) triple and prints as ``file: key.path: message``.
    """

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        if not problems:
            raise ValueError("RulesError needs at least one problem")
        self.problems = list(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        return "\n".join(
            f"{file}: {path}: {message}" if path else f"{file}: {message}"
            for file, path, message in self.problems
        )

    def __str__(self) -> str:
        return self._text()
