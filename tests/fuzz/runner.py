"""The parent's side of the worker: send a call, wait at most `WALL_LIMIT` seconds for its
answer, and replace a worker that hung or died."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What the issue allows one call: a second of the worker's CPU. A call still running
# after WALL_LIMIT seconds of wall time (a busy shared machine stretches a second of CPU
# into several) is taken as a hang and killed.
CPU_LIMIT = 1.0
WALL_LIMIT = 15.0


class Hang(Exception):
    pass


class Worker:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
        env.pop("PYTHONIOENCODING", None)
        return subprocess.Popen([sys.executable, "-m", "tests.fuzz.worker"], cwd=ROOT, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True, encoding="utf-8", bufsize=1)

    def call(self, request: dict) -> dict:
        """The worker's answer (see worker.py), or Hang after WALL_LIMIT seconds."""
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        process = self.process
        try:
            process.stdin.write(json.dumps(request, ensure_ascii=True) + "\n")
            process.stdin.flush()
        except BrokenPipeError:
            self.close()
            return {"exception": "WorkerDied", "message": "the worker process exited", "where": "", "cpu": 0.0}
        ready, _, _ = select.select([process.stdout], [], [], WALL_LIMIT)
        if not ready:
            self.close()
            raise Hang(f"no answer within {WALL_LIMIT:.0f} s")
        line = process.stdout.readline()
        if not line:
            code = process.wait()
            self.process = None
            return {"exception": "WorkerDied", "message": f"the worker process exited ({code})",
                    "where": "", "cpu": 0.0}
        return json.loads(line)

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
