"""Reading the command line's INPUT: a .toml or .json file, or ``-`` for JSON on standard
input. A person's mistake (a missing file, bad syntax with its line, a number with 5000
digits, 100,000 nested brackets) is a `UsageError` or an `InputError` with a Chinese
message, never a traceback: the text goes through `calculator.untrusted`, as the page's
requests do."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputError
from ..untrusted import MAX_INPUT_MB, os_error, parse_json, parse_toml


class UsageError(Exception):
    """A problem with the command line itself (not a field of the input)."""


def read_input(name: str) -> object:
    if name == "-":
        raw = sys.stdin.buffer.read(MAX_INPUT_MB * 1024 * 1024 + 1) if hasattr(sys.stdin, "buffer") \
            else sys.stdin.read().encode("utf-8", "surrogatepass")
        return _parse(_text(raw, "标准输入"), "标准输入", ".json")
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise UsageError(f"{name}：输入文件必须是 .toml 或 .json（或用 - 从标准输入读 JSON）")
    if not path.is_file():
        raise UsageError(f"找不到输入文件 {name}" + ("（这是一个文件夹）" if path.is_dir() else ""))
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_INPUT_MB * 1024 * 1024 + 1)
    except OSError as error:
        raise UsageError(f"无法读取 {name}：{os_error(error)}") from None
    return _parse(_text(raw, name), name, suffix)


def _text(raw: bytes, name: str) -> str:
    if len(raw) > MAX_INPUT_MB * 1024 * 1024:
        raise UsageError(f"{name} 超过 {MAX_INPUT_MB} MB，不像是一份自查或表格数据")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{name} 不是 UTF-8 编码的文本（请用 UTF-8 保存）") from None


def _parse(text: str, name: str, suffix: str) -> object:
    try:
        return parse_toml(text) if suffix == ".toml" else parse_json(text)
    except InputError as error:
        # The whole file cannot be read: say which file; a field inside it keeps its path.
        if error.field in ("request", "input"):
            raise UsageError(f"{name} {error.problem}") from None
        raise
