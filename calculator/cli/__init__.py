"""Command line: ``python -m calculator`` (also installed as ``jxjy-calculator``).

    assess INPUT [--json]   assess one year; INPUT is a .toml or .json file, or - for JSON on stdin
    span INPUT [--json]     assess several years (senior-title check)
    rules POLICY            what a person can claim under a policy, in Chinese
    policies                the policies shipped
    form NAME [INPUT] --out FILE.html|FILE.xlsx|FILE.csv   a form, blank or filled (cli/form.py)
    unit ROSTER --policy ID [--year N] [--out FILE.xlsx|.csv]   a whole unit's roster checked
                            (cli/unit.py; exit 2 when a row cannot be checked, each by its line)

Exit status: 0 when the assessment ran (whether or not the person passes), 2 for invalid
input (the message, naming the field, goes to stderr as ``错误：<field>: <problem>``).
A person's mistake never produces a traceback: a missing file, bad TOML or JSON syntax
(with the line), an unknown policy all end as such a message.

    inputs         reading INPUT (UsageError)
    report         the text reports of assess and span
    rules_listing  the rules listing
    form           the form subcommand
    unit           the unit subcommand
"""

from __future__ import annotations

import argparse
import json
import sys

from ..assessment.span import assess_span
from ..assessment.year import assess
from ..errors import InputError
from ..policy.loader import load_policy, policy_ids
from . import form, unit
from .inputs import UsageError, read_input
from .report import report, span_report
from .rules_listing import rules_text

EXIT_INVALID = 2


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def cmd_assess(args) -> int:
    result = assess(read_input(args.input))
    if args.json:
        _print_json(result)
    else:
        print(report(result, load_policy(result["policy"])))
    return 0


def cmd_span(args) -> int:
    result = assess_span(read_input(args.input))
    if args.json:
        _print_json(result)
    else:
        print(span_report(result, load_policy(result["policy"])))
    return 0


def cmd_rules(args) -> int:
    print(rules_text(load_policy(args.policy)))
    return 0


def cmd_policies(args) -> int:
    for pid in policy_ids():
        p = load_policy(pid)
        number = f"（{p.document_number}）" if p.document_number else ""
        print(f"{pid}\t{p.issuer}《{p.title}》{number}")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m calculator",
                                 description="专业技术人员继续教育学时自查")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("assess", help="按一个年度自查学时")
    p.add_argument("input", metavar="INPUT", help=".toml 或 .json 文件；- 表示从标准输入读 JSON")
    p.add_argument("--json", action="store_true", help="输出 JSON 结果对象")
    p.set_defaults(run=cmd_assess)
    p = sub.add_parser("span", help="逐年核认多个年度（职称申报）")
    p.add_argument("input", metavar="INPUT", help=".toml 或 .json 文件；- 表示从标准输入读 JSON")
    p.add_argument("--json", action="store_true", help="输出 JSON 结果对象")
    p.set_defaults(run=cmd_span)
    p = sub.add_parser("rules", help="列出一项政策可申报的活动和折算标准")
    p.add_argument("policy", metavar="POLICY", help="政策编号，如 hunan-2023")
    p.set_defaults(run=cmd_rules)
    p = sub.add_parser("policies", help="列出收录的政策")
    p.set_defaults(run=cmd_policies)
    form.add_parser(sub)
    unit.add_parser(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as e:
        print(f"错误：{e}", file=sys.stderr)
    except UsageError as e:
        print(f"错误：{e}", file=sys.stderr)
    except BrokenPipeError:  # e.g. piped into head
        return 0
    return EXIT_INVALID
