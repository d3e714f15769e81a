"""The child process that runs the calls: one JSON request a line on stdin, one JSON answer
a line on the original stdout. A call that never returns is the parent's to kill.

    {"handle": "<request text>"}                 calculator.api.handle(text)
    {"cli": [argv...], "files": {name: b64}, "stdin": b64 | null}
                                                 python -m calculator argv, in a fresh folder

Every answer carries ``cpu``: the process time the call took (less noisy than the wall
clock on a shared machine). The command line runs as ``python -m calculator`` does
(runpy), with stdout and stderr as strict UTF-8 streams like a real pipe's.
"""

from __future__ import annotations

import base64
import io
import json
import os
import runpy
import sys
import tempfile
import time
import traceback

sys.setrecursionlimit(1000)   # the interpreter's default, whatever the parent uses


def _handle(text: str) -> dict:
    from calculator.api import handle

    return {"response": handle(text)}


def _cli(argv: list[str], files: dict[str, str], stdin: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="fuzz-cli-") as folder:
        for name, content in files.items():
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(base64.b64decode(content))
        saved = sys.argv, sys.stdin, sys.stdout, sys.stderr, os.getcwd()
        out, err = io.BytesIO(), io.BytesIO()
        sys.stdin = io.TextIOWrapper(io.BytesIO(base64.b64decode(stdin or "")), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True)
        sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
        sys.argv = ["python -m calculator", *argv]
        os.chdir(folder)
        code: object = 0
        try:
            runpy.run_module("calculator", run_name="__main__", alter_sys=True)
        except SystemExit as stop:
            code = stop.code if stop.code is not None else 0
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            # Detach, so that dropping the wrappers does not close the buffers we read.
            for stream in (sys.stdin, sys.stdout, sys.stderr):
                try:
                    stream.detach()
                except Exception:
                    pass
            sys.argv, sys.stdin, sys.stdout, sys.stderr = saved[:4]
            os.chdir(saved[4])
        outputs = {}
        for name in os.listdir(folder):
            if name not in files and os.path.isfile(os.path.join(folder, name)):
                with open(os.path.join(folder, name), "rb") as handle:
                    outputs[name] = base64.b64encode(handle.read()).decode("ascii")
        return {"code": code if isinstance(code, int) else repr(code),
                "stdout": base64.b64encode(out.getvalue()).decode("ascii"),
                "stderr": err.getvalue().decode("utf-8", "backslashreplace"), "outputs": outputs}


def _where(error: BaseException) -> str:
    """The innermost frame of the package: where the bug is, for grouping failures."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if f"{os.sep}calculator{os.sep}" in f.filename]
    if frames:
        frame = frames[-1]
        path = frame.filename[frame.filename.rindex(f"{os.sep}calculator{os.sep}") + 1:]
        return f"{path}:{frame.lineno} {frame.name}"
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    return f"{os.path.basename(frames[-1].filename)}:{frames[-1].lineno} {frames[-1].name}"


def main() -> None:
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    for line in sys.stdin:
        request = json.loads(line)
        started = time.process_time()
        try:
            if "handle" in request:
                answer = _handle(request["handle"])
            else:
                answer = _cli(request["cli"], request.get("files") or {}, request.get("stdin"))
        except BaseException as error:  # noqa: BLE001 - reporting it is the point
            answer = {"exception": type(error).__name__, "message": str(error)[:300],
                      "where": _where(error), "traceback": traceback.format_exc()[-4000:]}
        answer["cpu"] = time.process_time() - started
        channel.write(json.dumps(answer, ensure_ascii=True) + "\n")
        channel.flush()


if __name__ == "__main__":
    main()
