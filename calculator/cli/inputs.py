"""Reading the command line's INPUT: a .toml or .json file, or ``-`` for JSON on standard
input. A person's mistake (a missing file, bad syntax with its line) is a `UsageError`
with a Chinese message, never a traceback."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path


class UsageError(Exception):
    """A problem with the command line itself (not a field of the input)."""


def read_input(name: str) -> object:
    if name == "-":
        return _parse_json(sys.stdin.read(), "标准输入")
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"找不到输入文件 {name}")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise UsageError(f"无法读取 {name}：{e.strerror or e}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{name} 不是 UTF-8 编码的文本") from None
    suffix = path.suffix.lower()
    if suffix == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise UsageError(f"{name} 不是有效的 TOML：{e}") from None
    if suffix == ".json":
        return _parse_json(text, name)
    raise UsageError(f"{name}：输入文件必须是 .toml 或 .json（或用 - 从标准输入读 JSON）")


def _parse_json(text: str, name: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise UsageError(f"{name} 不是有效的 JSON：第 {e.lineno} 行第 {e.colno} 列，{e.msg}") from None
