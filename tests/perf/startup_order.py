"""The functions the window runs from start to idle, as a linker order file.

An idle process keeps every page of its executable that it has touched, and
the kernel maps a file's pages in blocks (fault-around, 64 KiB), so a
function run once at start keeps its whole block resident for the life of
the till. Laid out one after another, the functions a start runs take a few
megabytes of the binary instead of most of it (docs/benchmarks.md).

This runs the built binary under valgrind's callgrind twice, each time on a
new data folder, through its start, the first screen and some idle time
(platform probes included):

1. training mode, as on a new counter (the in-process sandbox);
2. a configured till: a Vista connection to a sandbox process, its token in
   the keyring, and an operator, as at a counter in service;

and writes the union of the executed functions of the binary, mangled and
sorted (the layout only needs them together, and a sorted file changes
only where the functions do), to OUTPUT. `src-tauri/build.rs` hands
the file to the linker (`--symbol-ordering-file`) for release builds.

Run it under an X display and a D-Bus session with an unlocked keyring, as
`./dev order` does.

Usage: startup_order.py PATH_TO_BINARY OUTPUT [IDLE_SECONDS]
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time

# Callgrind marks recursion depth as name'2; such names are not symbols.
RECURSION = re.compile(r"'\d+$")


def run_under_callgrind(binary: str, data: str, idle: float, out: str) -> None:
    env = dict(
        os.environ,
        BOX_OFFICE_DATA_DIR=data,
        XDG_DATA_HOME=data,
        BOX_OFFICE_PROBE_SECONDS="5",
    )
    proc = subprocess.Popen(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            "--dump-instr=no",
            "--compress-strings=no",
            "--compress-pos=no",
            "--demangle=no",
            binary,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 300
    ready = False
    for line in proc.stderr:
        if "window ready after" in line:
            ready = True
            break
        if time.monotonic() > deadline:
            break
    if not ready:
        proc.kill()
        raise SystemExit("the window never said it was ready under valgrind")
    time.sleep(idle)
    # Callgrind writes its profile when the program ends, by a signal too.
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=120)
    if not os.path.exists(out):
        raise SystemExit("callgrind wrote no profile")


def executed_functions(profile: str, binary: str) -> set[str]:
    """The binary's functions that ran in `profile`."""
    names: set[str] = set()
    in_binary = False
    with open(profile, errors="replace") as f:
        for line in f:
            if line.startswith("ob="):
                in_binary = os.path.realpath(line[3:].strip()) == binary
            elif line.startswith("fn=") and in_binary:
                name = RECURSION.sub("", line[3:].strip())
                # Addresses without a symbol, and callgrind's own entries.
                if name and not name.startswith(("0x", "(")):
                    names.add(name)
    return names


def configured_till(binary: str, data: str) -> subprocess.Popen[str]:
    """A data folder with a Vista connection to a sandbox process (which is
    returned, running) and an operator."""
    env = dict(os.environ, BOX_OFFICE_DATA_DIR=data, XDG_DATA_HOME=data)
    sandbox = subprocess.Popen(
        [binary, "sandbox", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert sandbox.stdout is not None
    url = sandbox.stdout.readline().strip()
    if not url.startswith("http://"):
        sandbox.kill()
        raise SystemExit(f"the sandbox did not start: {url!r}")
    steps = [
        ([binary, "profiles", "add", "--platform", "vista", "--url", url, "--region", "US", "vista"], "training-vista-token\n"),
        ([binary, "operators", "add", "--role", "manager", "Order Manager"], "4826\n"),
    ]
    for args, stdin in steps:
        done = subprocess.run(args, env=env, input=stdin, capture_output=True, text=True)
        if done.returncode != 0:
            sandbox.kill()
            raise SystemExit(f"{' '.join(args[1:3])} failed: {done.stderr.strip()}")
    return sandbox


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.realpath(sys.argv[1])
    output = sys.argv[2]
    idle = float(sys.argv[3]) if len(sys.argv) > 3 else 20.0
    order: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="box-office-order-") as tmp:
        training = os.path.join(tmp, "training")
        os.mkdir(training)
        run_under_callgrind(binary, training, idle, os.path.join(tmp, "training.callgrind"))
        order |= executed_functions(os.path.join(tmp, "training.callgrind"), binary)
        print(f"training mode: {len(order)} functions", file=sys.stderr)

        configured = os.path.join(tmp, "configured")
        os.mkdir(configured)
        sandbox = configured_till(binary, configured)
        try:
            run_under_callgrind(binary, configured, idle, os.path.join(tmp, "configured.callgrind"))
        finally:
            sandbox.kill()
            sandbox.wait()
        before = len(order)
        order |= executed_functions(os.path.join(tmp, "configured.callgrind"), binary)
        print(f"a configured till: {len(order) - before} more", file=sys.stderr)

    with open(output, "w") as f:
        f.write(
            "# The functions Box Office runs from start to idle, sorted by name: the\n"
            "# linker lays them out together (src-tauri/build.rs). Generated by\n"
            "# `./dev order` (tests/perf/startup_order.py); a name no longer in the\n"
            "# binary is skipped, so a stale file only loses some of the effect.\n"
        )
        f.writelines(f"{name}\n" for name in sorted(order))
    print(f"wrote {len(order)} functions to {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
