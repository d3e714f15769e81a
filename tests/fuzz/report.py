"""``python -m tests.fuzz.report [EXAMPLES]``: run every fuzz case EXAMPLES times (default
300) without stopping at the first failure, and print each distinct failure once, with how
often it came up and the smallest call that showed it. The tests stop at the first; this
is the list to fix from."""

from __future__ import annotations

import sys
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from . import cases, checks, seeds
from .runner import Worker


def main(examples: int) -> int:
    worker = Worker()
    found: dict[str, list] = {}          # signature -> [count, call, detail]
    strategies = {f"op {op}": cases.op_calls(op) for op in seeds.documented_ops()}
    strategies |= {"envelope": cases.envelope_calls(), "roster files": cases.roster_calls(),
                   "cli documents": cases.cli_document_calls(), "cli rosters": cases.cli_roster_calls(),
                   "cli files": st.sampled_from([[c] for c in cases.cli_path_calls()])}
    started = time.monotonic()
    for name, strategy in strategies.items():
        @settings(max_examples=examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(calls=strategy)
        def run(calls):
            for call in calls:
                try:
                    cases.execute(worker, call)
                except checks.Finding as finding:
                    entry = found.setdefault(finding.signature, [0, call, finding.detail])
                    entry[0] += 1
                    if len(repr(call)) < len(repr(entry[1])):
                        entry[1], entry[2] = call, finding.detail
                    return
        print(f"[{time.monotonic() - started:6.1f} s] {name}", file=sys.stderr, flush=True)
        run()
    worker.close()
    for signature, (count, call, detail) in sorted(found.items()):
        print(f"\n## {signature}  (x{count})\n   {call!r}"[:1200])
        if detail:
            print("   " + detail.strip().splitlines()[-1][:300])
    print(f"\n{len(found)} distinct failures in {time.monotonic() - started:.0f} s")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
