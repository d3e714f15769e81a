"""Reading what a person (or a page, or a file from another program) gives us, within bounds.

Every request and input file passes through here before any field is looked at:

* JSON and TOML are parsed with Chinese messages (line and column, what was expected), and
  never with an exception of the parser's own: nesting deeper than `MAX_DEPTH` and integers
  longer than `MAX_DIGITS` are refused up front, so no parser recurses 100,000 levels and no
  5000-digit number reaches ``int()``;
* a string holding a lone surrogate (half of an emoji, cut by a page or a paste), which no
  UTF-8 output can carry, is an input error naming its field;
* numbers typed as text (hours "12.5", "1e2000000") are read by `decimal_text`, which
  refuses exponents and lengths before converting: ``int(Decimal("1e2000000"))`` alone takes
  minutes;
* an operating-system error (a missing file, a folder where a file should be) gets a
  Chinese sentence instead of the C library's English one.

Standard library only: this runs in the browser's worker as it does on the command line.
"""

from __future__ import annotations

import errno
import json
import re
import tomllib
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import InputError

MAX_DEPTH = 64           # a request or input file is a few levels deep; 64 is generous
MAX_DIGITS = 24          # no hour, year, count or amount has more digits than this
MAX_TEXT_NUMBER = 40     # characters of a number typed as text
MAX_INPUT_MB = 16        # an input file or request; an XLSX roster inside it is smaller still

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")

JSON_MESSAGES = {
    "Expecting value": "此处缺少一个值（或有多余的逗号）",
    "Expecting property name enclosed in double quotes": "此处应为用双引号括起的键名",
    "Illegal trailing comma before end of object": "对象的最后一项后面多了逗号",
    "Illegal trailing comma before end of array": "列表的最后一项后面多了逗号",
    "Expecting ':' delimiter": "键名后面缺少冒号",
    "Expecting ',' delimiter": "两项之间缺少逗号",
    "Unterminated string starting at": "文字缺少结尾的双引号",
    "Extra data": "内容结束后还有多余的字符",
    "Invalid \\escape": "无效的转义字符（反斜杠 \\ 后面的字符不对）",
    "Invalid \\uXXXX escape": "无效的 \\u 转义（应为 4 位十六进制数）",
    "Invalid control character at": "文字中含有控制字符（如未转义的换行或制表符）",
}
TOML_MESSAGES = {
    "Invalid value": "此处的值无效（文字要加引号，日期写作 2023-05-01）",
    "Invalid statement": "此行不是“键 = 值”的形式",
    "Unterminated string": "文字缺少结尾的引号",
    "Cannot overwrite a value": "同一个键写了两次",
    "Unclosed array": "列表缺少结尾的 ]",
    "Unclosed inline table": "行内表缺少结尾的 }",
    "Expected newline or end of document after a statement": "一行只能写一项（此处应换行）",
    "Expected '=' after a key in a key/value pair": "键名后面缺少 =",
    "Invalid initial character for a key part": "键名以无效字符开头",
    "Escaped character is not a Unicode scalar value": "转义的字符不是有效的 Unicode 字符",
    "Illegal character": "含有不允许的控制字符",
}
OS_MESSAGES = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有操作权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "所在的磁盘只能读不能写",
    errno.EEXIST: "已存在同名的文件",
    errno.ENAMETOOLONG: "文件名太长",
}


# ------------------------------------------------------------------------- JSON, TOML


def parse_json(text: str, field: str = "request", check: bool = True) -> Any:
    """`text` as JSON within bounds; InputError(`field`, where and what) otherwise.
    `check` False leaves `check_tree` to the caller (to name fields from another root)."""
    if not isinstance(text, str):
        raise InputError(field, "应为 JSON 文字")
    _depth(text, field)
    try:
        value = json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        what = JSON_MESSAGES.get(error.msg, "格式不对")
        raise InputError(field, f"不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列，{what}") from None
    except _Refused as refused:
        raise InputError(field, refused.problem) from None
    except RecursionError:
        raise InputError(field, f"嵌套超过 {MAX_DEPTH} 层") from None
    if check:
        check_tree(value, "")
    return value


def parse_toml(text: str, field: str = "input") -> Any:
    """`text` as TOML within bounds; InputError(`field`, where and what) otherwise."""
    _depth(_STRINGS.sub('""', text), field)
    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        head = message.split(" (at ", 1)[0]
        what = next((zh for en, zh in TOML_MESSAGES.items() if head.startswith(en)), "格式不对")
        place = f"第 {where.group(1)} 行第 {where.group(2)} 列" if where else "文件末尾"
        raise InputError(field, f"不是有效的 TOML：{place}，{what}") from None
    except RecursionError:
        raise InputError(field, f"嵌套超过 {MAX_DEPTH} 层") from None
    except ValueError:
        # tomllib hands integers to int(), which refuses more than 4300 digits.
        raise InputError(field, f"数字的位数太多（最多 {MAX_DIGITS} 位）") from None
    check_tree(value, "")
    return value


def check_tree(value: Any, path: str) -> None:
    """Every string of `value` encodable, every integer within `MAX_DIGITS`, every level
    within `MAX_DEPTH`; the first that is not is an InputError naming its path."""
    stack = [(value, path, 0)]
    while stack:
        node, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(where or "input", f"嵌套超过 {MAX_DEPTH} 层")
        if isinstance(node, str):
            if _SURROGATE.search(node):
                raise InputError(where or "input", "含有无效的字符（不成对的 Unicode 代理项，多见于截断的表情符号），请删除后重新输入")
        elif isinstance(node, int) and not isinstance(node, bool):
            if node.bit_length() > MAX_DIGITS * 10 // 3 + 1:
                raise InputError(where or "input", f"数字的位数太多（最多 {MAX_DIGITS} 位）")
        elif isinstance(node, float):
            if node != node or node in (float("inf"), float("-inf")):
                raise InputError(where or "input", "数字太大或不是数字")
        elif isinstance(node, dict):
            for key, item in node.items():
                name = key if isinstance(key, str) else str(key)
                if _SURROGATE.search(name):
                    raise InputError(where or "input", "键名含有无效的字符（不成对的 Unicode 代理项）")
                stack.append((item, f"{where}.{name}" if where else (name or '""'), depth + 1))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                stack.append((item, f"{where}[{i}]", depth + 1))


class _Refused(Exception):
    def __init__(self, problem: str) -> None:
        self.problem = problem


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"数字 {text[:12]}… 的位数太多（最多 {MAX_DIGITS} 位）")
    return int(text)


def _no_constant(name: str) -> float:
    raise _Refused(f"{name} 不是数字（JSON 只接受普通的数）")


def _depth(text: str, field: str) -> None:
    """Refuse deep nesting before a recursive parser sees it (strings do not count)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for match in _BRACKETS.finditer(_STRINGS.sub('""', text)):
        depth += 1 if match.group(0) in "[{" else -1
        if depth > MAX_DEPTH:
            raise InputError(field, f"嵌套超过 {MAX_DEPTH} 层")


# ------------------------------------------------------------------------- numbers as text


def decimal_text(text: str) -> Decimal | None:
    """A number typed as text (``12.5``, ``1e2``) as a Decimal small enough to convert, or
    None when it is no number or too long or too large (``1e2000000``) to be an amount."""
    text = text.strip()
    if len(text) > MAX_TEXT_NUMBER or not _NUMBER.fullmatch(text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number.adjusted() > MAX_DIGITS or number.adjusted() < -MAX_DIGITS:
        return None if number != 0 else Decimal(0)
    return number


def op_request(data: Any) -> tuple[dict, str]:
    """An op's input and the policy it names: the checks an op makes before anything else."""
    if not isinstance(data, dict):
        raise InputError("input", "应为对象（JSON object）")
    policy = data.get("policy")
    if not isinstance(policy, str) or not policy:
        raise InputError("policy", "必须填写政策编号")
    return data, policy


# ------------------------------------------------------------------------- files


def os_error(error: OSError) -> str:
    """A Chinese sentence for an operating-system error."""
    return OS_MESSAGES.get(error.errno, f"系统错误（错误号 {error.errno}）" if error.errno else "系统错误")


def encodable(text: str) -> str:
    """`text` with lone surrogates written as JSON escapes, for an answer that goes out as
    UTF-8 (only strings inside a JSON document may hold them, so this keeps it valid)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
