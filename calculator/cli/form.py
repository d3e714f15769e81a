"""``python -m calculator form NAME [INPUT] --out FILE.html|FILE.xlsx|FILE.csv``

NAME is ``<policy-id>/<form-id>`` (``henan-luoyang-2023/grade_sheet``) or a form id that
only one policy has (``grade_sheet``); ``list`` prints them all. INPUT (a .json or .toml
file, or - for JSON on stdin) holds the same object the page sends: ``values`` or
``source``, and optionally ``variant`` and ``year``; without INPUT the form is blank.
``--roster FILE.csv|FILE.xlsx`` fills a table form from a roster file, as the page's
import does. The output format follows the extension of --out (``-`` writes HTML to
stdout). Problems of a roster (bad lines), whether it comes from --roster or from the
INPUT's ``source.roster``, are printed to stderr, line by line; the good rows are kept.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

from ..errors import InputError
from ..forms import fill, layout, ops, roster
from ..policy.loader import policy_ids
from ..untrusted import os_error
from .inputs import UsageError, read_input

FORMAT_OF = {".html": "document", ".htm": "document", ".csv": "csv", ".xlsx": "xlsx"}


def add_parser(sub) -> None:
    p = sub.add_parser("form", help="生成表格（HTML 打印版、XLSX 或 CSV）")
    p.add_argument("name", metavar="NAME", help="政策编号/表格名，如 henan-luoyang-2023/grade_sheet；list 列出全部表格")
    p.add_argument("input", metavar="INPUT", nargs="?", help=".json 或 .toml 文件（values 或 source）；省略则生成空白表")
    p.add_argument("--out", metavar="FILE", default="-", help="输出文件：.html、.xlsx 或 .csv；- 表示把 HTML 写到标准输出")
    p.add_argument("--roster", metavar="FILE", help="用名单文件（.csv 或 .xlsx）填写名单、成绩单等表格")
    p.set_defaults(run=run)


def resolve(name: str) -> tuple[str, str]:
    if "/" in name:
        policy, _, form = name.partition("/")
        layout.definition(policy, form)          # InputError naming the choices
        return policy, form
    owners = [pid for pid in policy_ids() if name in layout.form_ids(pid)]
    if len(owners) == 1:
        return owners[0], name
    if owners:
        raise InputError("NAME", f"多项政策都有“{name}”，请写成 政策编号/{name}（{'、'.join(owners)}）")
    raise InputError("NAME", f"没有名为“{name}”的表格（用 list 列出全部表格）")


def run(args) -> int:
    if args.name == "list":
        for pid in policy_ids():
            for form in ops.forms_op({"policy": pid}):
                print(f"{pid}/{form['id']}\t{form['title']}")
        return 0
    policy, form = resolve(args.name)
    request = read_input(args.input) if args.input else {}
    if not isinstance(request, dict):
        raise InputError("input", "应为对象（JSON object）")
    out = args.out
    suffix = Path(out).suffix.lower() if out != "-" else ".html"
    if suffix not in FORMAT_OF:
        raise UsageError(f"--out {out}：扩展名应为 .html、.xlsx 或 .csv")
    if args.roster:
        request = {**request, "values": {**_roster_values(args.roster, policy, form, request.get("year")),
                                         **(request.get("values") or {})}}
    result = ops.form_op({**request, "policy": policy, "form": form, "format": FORMAT_OF[suffix]})
    if "import" in result:
        report_import("source.roster", result["import"])
    if out == "-":
        sys.stdout.write(result["text"])
        return 0
    try:
        if "base64" in result:
            Path(out).write_bytes(base64.b64decode(result["base64"]))
        else:
            # newline="" keeps the CSV's CRLF as Excel expects it.
            with open(out, "w", encoding="utf-8", newline="") as handle:
                handle.write(result["text"])
    except OSError as error:
        raise UsageError(f"无法写入 {out}：{os_error(error)}") from None
    print(f"已写入 {out}（{result['title']}）", file=sys.stderr)
    return 0


def _roster_values(path: str, policy: str, form: str, year) -> dict:
    file = Path(path)
    fmt = file.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise UsageError(f"--roster {path}：应为 .csv 或 .xlsx 文件")
    try:
        with file.open("rb") as handle:
            raw = handle.read(roster.MAX_FILE_BYTES + 1)
    except OSError as error:
        raise UsageError(f"无法读取 {path}：{os_error(error)}") from None
    result = roster.import_rows(policy, form, raw, fmt)
    report_import(path, fill.import_report(result))
    if not result["counts"]["kept"]:
        # A form filled from nobody is not what was asked for: write nothing.
        raise UsageError(f"{path} 中没有可用的行，未生成表格（问题见上）")
    return fill.roster_values(result, form, year)


def report_import(name: str, report: dict) -> None:
    """Every row an import left out, by line, then the counts (on stderr)."""
    for problem in report["problems"]:
        column = f"{problem['column']}：" if problem["column"] else ""
        print(f"{name} 第{problem['line']}行：{column}{problem['reason']}", file=sys.stderr)
    counts = report["counts"]
    print(f"{name}：保留 {counts['kept']} 行，{counts['rejected']} 行有问题未列入", file=sys.stderr)
