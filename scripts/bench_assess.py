"""Time `calculator.assess` per call in CPython for representative inputs.

    .venv/bin/python scripts/bench_assess.py [--repeat 7] [--number 2000]

Each figure is the median over `repeat` runs of timeit's per-call time (`number` calls a
run); the policies are loaded once before timing, as in the worker. Goal: under 1 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import calculator  # noqa: E402  (after the path set-up, to bench the source tree)

GOAL_MS = 1.0

INPUTS = {
    "hunan-2023, 6 activities": {
        "policy": "hunan-2023", "year": 2023, "activities": [
            {"kind": "training", "category": "professional", "days": 3, "half_days": 1, "evenings": 2},
            {"kind": "training", "category": "public", "days": 2},
            {"kind": "paper", "role": "first_author", "count": 1, "date": "2023-04-12"},
            {"kind": "certified_hours", "category": "professional", "hours": 12.5, "source": "网络平台"},
            {"kind": "award_prefecture", "rank": 6},
            {"kind": "degree_course", "courses_passed": 2},
        ]},
    "hunan-2023, short (suggestions)": {
        "policy": "hunan-2023", "activities": [
            {"kind": "training", "category": "professional", "days": 4}]},
    "henan-luoyang-2023, pro-rated, 4 activities": {
        "policy": "henan-luoyang-2023", "year": 2023,
        "circumstances": {"on_post_months": 7, "reason": "childbirth"},
        "activities": [
            {"kind": "certified_hours", "category": "public", "hours": 10},
            {"kind": "cadre_college_offset", "hours": 40, "public_institution_staff": True},
            {"kind": "certified_hours", "category": "professional", "hours": 20.5},
            {"kind": "certified_hours", "category": "professional", "hours": 14.5, "date": "2023-11-02"},
        ]},
}

SPAN = {"policy": "hunan-2023", "years": [
    {"year": y, "activities": [{"kind": "training", "category": "professional", "days": 6},
                               {"kind": "training", "category": "public", "days": 3}]}
    for y in range(2018, 2023)]}


def per_call_ms(fn, data, repeat: int, number: int) -> float:
    times = timeit.repeat(lambda: fn(data), repeat=repeat, number=number)
    return statistics.median(times) / number * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--number", type=int, default=2000)
    args = ap.parse_args()
    for data in INPUTS.values():            # load and cache the policies first
        calculator.assess(data)
    rows = [(name, per_call_ms(calculator.assess, data, args.repeat, args.number))
            for name, data in INPUTS.items()]
    rows.append(("assess_span hunan-2023, 5 years", per_call_ms(calculator.assess_span, SPAN, args.repeat,
                                                                max(1, args.number // 5))))
    width = max(len(name) for name, _ in rows)
    print(f"Python {sys.version.split()[0]}; median of {args.repeat} runs of {args.number} calls")
    print(f"{'input':<{width}}  {'ms/call':>8}")
    for name, ms in rows:
        print(f"{name:<{width}}  {ms:8.3f}")
    worst = max(ms for name, ms in rows if not name.startswith("assess_span"))
    print(f"slowest assess: {worst:.3f} ms ({'under' if worst < GOAL_MS else 'OVER'} the {GOAL_MS:g} ms goal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
