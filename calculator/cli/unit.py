"""``python -m calculator unit ROSTER --policy ID [--year N] [--out FILE.xlsx|.csv] [--json]``

Checks a whole unit's roster (CSV or XLSX) against a notice and year, as the unit check
page does (`calculator.unit`). Exit 0 when the check ran, whoever passes; 2 for invalid
input: a file that cannot be read as a roster, or any row that cannot be checked, each
reported on stderr by its line (``ROSTER 第5行：身份证号：…``) and no result written, so a
unit never files a result that silently left someone out.

Without --out the report goes to stdout: the unit's totals, then everyone who falls
short, most hours missing first, each figure cited to its clause. --out writes the result
as the page's download does (a header naming the notice and year, every cell inert).
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

from ..policy.loader import cite, load_policy
from ..unit import export
from ..unit.check import check
from .inputs import UsageError
from .report import pad

FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


def add_parser(sub) -> None:
    p = sub.add_parser("unit", help="单位学时核查：按名单核查全单位人员的学时")
    p.add_argument("roster", metavar="ROSTER", help="名单文件（.csv 或 .xlsx）")
    p.add_argument("--policy", required=True, metavar="ID", help="政策编号，如 henan-luoyang-2023")
    p.add_argument("--year", type=int, metavar="N", help="核查年度（默认为通知的年度）")
    p.add_argument("--out", metavar="FILE", help="把核查结果写成 .xlsx 或 .csv 文件")
    p.add_argument("--json", action="store_true", help="输出 JSON 结果对象")
    p.set_defaults(run=run)


def run(args) -> int:
    path = Path(args.roster)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise UsageError(f"{args.roster}：名单应为 .csv 或 .xlsx 文件")
    out_format = None
    if args.out:
        out_format = FORMATS.get(Path(args.out).suffix.lower())
        if out_format is None:
            raise UsageError(f"--out {args.out}：扩展名应为 .xlsx 或 .csv")
    if not path.is_file():
        raise UsageError(f"找不到名单文件 {args.roster}")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"无法读取 {args.roster}：{error.strerror or error}") from None
    policy = load_policy(args.policy)
    result = check(policy.id, args.year if args.year is not None else policy.year, raw, fmt)
    if result["problems"]:
        for problem in result["problems"]:
            named = problem["column"] and not problem["reason"].startswith(problem["column"])
            column = f"{problem['column']}：" if named else ""
            print(f"{args.roster} 第{problem['line']}行：{column}{problem['reason']}", file=sys.stderr)
        counts = result["counts"]
        print(f"{args.roster}：{counts['rejected']} 行有问题（共 {counts['rows']} 行）；请改正后重新核查，"
              f"未输出结果。", file=sys.stderr)
        return 2
    if args.out:
        written = export.render(result, out_format)
        try:
            if "base64" in written:
                Path(args.out).write_bytes(base64.b64decode(written["base64"]))
            else:
                with open(args.out, "w", encoding="utf-8", newline="") as handle:
                    handle.write(written["text"])
        except OSError as error:
            raise UsageError(f"无法写入 {args.out}：{error.strerror or error}") from None
        print(f"已写入 {args.out}（{written['title']}）", file=sys.stderr)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif not args.out:
        print(report(result, args.roster))
    return 0


def report(result: dict, name: str) -> str:
    p, t, year = result["policy"], result["totals"], result["year"]
    labels = result["categories"]
    lines = [f"{p['short_name']} {year} 年度单位学时核查（{p['id']}）：{name}，共 {t['people']} 人",
             f"达到要求 {t['passed']} 人，未达到 {t['failed']} 人"
             + (f"（按在岗时间折算 {t['prorated']} 人）" if t["prorated"] else "")
             + (f"；视为完成 {t['deemed']} 人" if t["deemed"] else ""),
             f"还需学时合计 {_h(t['missing'])} 学时（{labels['public']}尚差 {_h(t['shortfall']['public'])}，"
             f"{labels['professional']}尚差 {_h(t['shortfall']['professional'])}，"
             f"{labels['total']}尚差 {_h(t['shortfall']['total'])}）",
             f"要求：{cite(result['clauses']['requirements'])}"]
    short = sorted((x for x in result["people"] if not x["passed"]), key=lambda x: (-float(x["missing"]), x["line"]))
    if not short:
        lines.append("全部人员达到要求。")
        return "\n".join(lines)
    lines += ["", "未达到要求的人员（按还需学时从多到少）："]
    for x in short:
        earned, required = x["earned"], x["required"]
        figures = "；".join(f"{labels[c]} {_h(earned[c])}/{_h(required[c])}" for c in ("public", "professional", "total")
                           if required[c] is not None)
        lines.append(f"  第{x['line']}行 {pad(x['name'], 8)} {x['id_number']}  已取得/应完成：{figures}；"
                     f"还需 {_h(x['missing'])} 学时")
        if x["prorated"]:
            lines.append(f"      按在岗 {x['prorated']['on_post_months']} 个月折算（{x['prorated']['reason_label']}）"
                         f"〔{cite(x['prorated']['clause'])}〕")
        lines += [f"      {x['messages'][c]}" for c in x["failing"]]
    return "\n".join(lines)


def _h(value) -> str:
    return "—" if value is None else (str(int(value)) if float(value).is_integer() else str(value))
