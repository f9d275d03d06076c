"""The inputs the benchmark measures: a scratch copy of the bundled sample, a generated province
(made once, reused while its expected.json says the same size and seed), and ten new messages
for the warm runs."""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "golmud-2024"
_MESSAGE_ID = re.compile(rb"(?im)^Message-ID:[^\r\n]*")


def fresh_sample(target: Path) -> Path:
    """mail/ and sheets/ of the sample (time stamps kept), so the warm runs never touch the repository."""
    shutil.rmtree(target, ignore_errors=True)
    for part in ("mail", "sheets"):
        shutil.copytree(SAMPLE / part, target / part)
    return target


def ensure_generated(data_dir: Path, units: int, months: int, seed: int) -> tuple[Path, dict]:
    """The generated folder and how long generating it took (None when an earlier run's was reused)."""
    inputs = data_dir / f"province-{units}x{months}-seed{seed}"
    try:
        expected = json.loads((inputs / "expected.json").read_text(encoding="utf-8"))
        if (expected["units"], expected["months"], expected["seed"]) == (units, months, seed):
            return inputs, {"generate_s": None, "generated_messages": expected["messages"]}
    except (OSError, ValueError, KeyError):
        pass
    print(f"generating {units} units x {months} months into {inputs}", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "devtools.generate", "--units", str(units), "--months", str(months),
                    "--seed", str(seed), "--out", str(inputs)], cwd=REPO, check=True)
    expected = json.loads((inputs / "expected.json").read_text(encoding="utf-8"))
    return inputs, {"generate_s": round(time.perf_counter() - started, 1), "generated_messages": expected["messages"]}


def add_new_messages(inputs: Path, count: int, tag: str) -> Path:
    """`count` new files under mail/bench-new-<tag>/: messages of the folder spread over its months,
    each with a new Message-ID (its submissions repeat titles already counted: counts stay put)."""
    sources = sorted((inputs / "mail").rglob("*.eml"))
    folder = inputs / "mail" / f"bench-new-{tag}"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        data = sources[i * len(sources) // count].read_bytes()
        data = _MESSAGE_ID.sub(f"Message-ID: <bench-{tag}-{i}@govinfo.bench>".encode(), data, count=1)
        (folder / f"{i:04d}.eml").write_bytes(data)
    return folder


def annex_matches(inputs: Path, publish_dir: Path, period: str) -> bool | None:
    """A generated folder's annex against what the generator wrote (None for the sample: its golden test checks it)."""
    try:
        expected = json.loads((inputs / "expected.json").read_text(encoding="utf-8"))["periods"][period]["by_unit"]
    except (OSError, KeyError):
        return None
    with open(publish_dir / period / "annex.csv", encoding="utf-8") as handle:
        got = {r["unit"]: [int(r["submitted"]), int(r["points"])] for r in csv.DictReader(handle)}
    return got == expected
