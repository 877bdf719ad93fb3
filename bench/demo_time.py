"""Wall time of ``safeduty demo`` (a whole simulated school day), as a new process each run.

uv run python bench/demo_time.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def main(runs: int) -> None:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(  # our own command, fixed arguments
            [sys.executable, "-m", "safeduty.cli", "demo", "--date", "2026-12-01"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds.append(time.perf_counter() - started)
    print(
        f"safeduty demo, {runs} runs: median {statistics.median(seconds):.1f} s, "
        f"max {max(seconds):.1f} s (the issue asks for under 30 s)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    main(parser.parse_args().runs)
