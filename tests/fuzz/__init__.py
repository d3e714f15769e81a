"""Fuzzing the calculator's two public entry points with hostile input.

`calculator.api.handle` (what the page's worker calls) and ``python -m calculator``
(the command line) must answer anything: a JSON answer with ``ok`` true or false, or
exit 0/2 with a Chinese message; never an exception, never a hang, never an English
message, never a download with a live formula.

    worker.py   a child process that runs one call at a time (a hang is killed, not waited for)
    runner.py   the parent's side of it: time bounds, restarts
    seeds.py    valid requests of every op and every command, built through the public API
    hostile.py  what the input is mutated with, and how it is written (JSON, TOML, CSV, XLSX)
    checks.py   what every answer must satisfy
    report.py   ``python -m tests.fuzz.report``: run longer and list every distinct failure

Only the public entry points are used, so the fuzz survives any reshuffle of the package.
"""
