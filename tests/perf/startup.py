"""Cold start to an interactive window, and idle memory, of the real app.

Starts the built binary under the current X display (run it with
`xvfb-run -a`, inside `dbus-run-session` like every run of the app here),
each time on a new data folder (training mode: the in-process sandbox
starts and seeds the cache, as on a new counter):

- start: from spawning the process until the window's first screen has
  rendered and told the backend so (the `ui_ready` command, which logs
  "window ready after N ms"); with BOX_OFFICE_EXIT_WHEN_READY the app then
  quits, so the whole process is timed from outside too;
- idle memory: a second kind of run that stays open, waits IDLE seconds at
  the sign-in screen, then sums the resident and proportional set sizes of
  the app and its WebKit processes (web, network) from /proc.

Usage: startup.py PATH_TO_BINARY [RUNS] [IDLE]   (defaults 7 runs, 10 s)
Prints the figures and a JSON line for docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def children(pid: int) -> list[int]:
    out: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids = [int(k) for k in f.read().split()]
        except OSError:
            continue
        for k in kids:
            out.append(k)
            out.extend(children(k))
    return out


def memory_kb(pid: int) -> tuple[int, int, str]:
    """RSS and PSS in kB, and the command name."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
        with open(f"/proc/{pid}/comm") as f:
            name = f.read().strip()
    except OSError:
        return 0, 0, "?"
    return rss, pss, name


def start_once(binary: str) -> tuple[float, float]:
    """(ms until the window said it was ready, ms until the process ended)."""
    with tempfile.TemporaryDirectory(prefix="box-office-start-") as data:
        env = dict(os.environ, BOX_OFFICE_DATA_DIR=data, BOX_OFFICE_EXIT_WHEN_READY="1", XDG_DATA_HOME=data)
        t0 = time.monotonic()
        out = subprocess.run([binary], env=env, capture_output=True, text=True, timeout=120)
        total = (time.monotonic() - t0) * 1000
        m = re.search(r"window ready after (\d+) ms", out.stderr)
        if not m:
            raise SystemExit(f"the window never said it was ready:\n{out.stderr[-2000:]}")
        return float(m.group(1)), total


def idle_memory(binary: str, idle: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="box-office-idle-") as data:
        env = dict(os.environ, BOX_OFFICE_DATA_DIR=data, XDG_DATA_HOME=data)
        proc = subprocess.Popen([binary], env=env, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        deadline = time.monotonic() + 120
        for line in proc.stderr:
            if "window ready after" in line or time.monotonic() > deadline:
                break
        time.sleep(idle)
        pids = [proc.pid, *children(proc.pid)]
        parts = [memory_kb(p) for p in pids]
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return {
            "processes": [{"name": n, "rss_mb": round(r / 1024, 1), "pss_mb": round(p / 1024, 1)} for r, p, n in parts],
            "rss_mb": round(sum(r for r, _, _ in parts) / 1024, 1),
            "pss_mb": round(sum(p for _, p, _ in parts) / 1024, 1),
        }


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    idle = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    start_once(binary)  # warm-up: the first run pays for the disk cache
    ready, total = zip(*(start_once(binary) for _ in range(runs)))
    mem = idle_memory(binary, idle)
    figures = {
        "runs": runs,
        "ready_ms_median": statistics.median(ready),
        "ready_ms_max": max(ready),
        "process_ms_median": round(statistics.median(total), 1),
        "idle_seconds": idle,
        **mem,
    }
    print(f"window ready (interactive) after: median {figures['ready_ms_median']:.0f} ms, max {figures['ready_ms_max']:.0f} ms over {runs} runs")
    print(f"whole process (start, ready, quit): median {figures['process_ms_median']:.0f} ms")
    for p in mem["processes"]:  # type: ignore[union-attr]
        print(f"  {p['name']:<24} RSS {p['rss_mb']:>7} MB  PSS {p['pss_mb']:>7} MB")
    print(f"idle after {idle:.0f} s: RSS {mem['rss_mb']} MB, PSS {mem['pss_mb']} MB (app + WebKit processes)")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
