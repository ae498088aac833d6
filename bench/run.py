"""`make bench`: run every benchmark in this folder, one after the other; each prints its
figures (and, where it has one, the ratio against a baseline run in the same process)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n### {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script), *sys.argv[1:2]], cwd=HERE.parent).returncode:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        sys.exit(1)
