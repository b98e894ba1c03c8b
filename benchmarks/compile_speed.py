"""torch.compile on CPU: eager vs compiled step time after warm-up, and the first-call cost.

    python benchmarks/compile_speed.py                # writes compile_speed.report.txt
    python benchmarks/compile_speed.py --repeats 3 --steps 5 --report /tmp/r.txt   # a smoke run

Three workloads: a training step (forward, backward, AdamW step; only the model is compiled)
and inference of a residual MLP, and inference of a tiny model (one Linear layer). For each:
the first compiled call with an empty Inductor cache (a fresh TORCHINDUCTOR_CACHE_DIR, so the
C++ is really generated and built by the system compiler), then `repeats` rounds of `steps`
calls, eager and compiled interleaved round by round so that load from other programs hits
both alike; the median round and the spread (min-max) are reported. Finally the training
step is compiled twice more with the on-disk cache warm: in the same process after
torch.compiler.reset(), and in a second process (a new Python that imports torch and compiles
the same model), which is what the next run of the same program pays.

This is a benchmark, not a test: timings depend on the machine and its load. The snippets
assert correctness (snippets/nn/compile.py); this script measures speed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# An empty cache of our own, set before torch is imported: the first call compiles for real.
# The second process (--second-process) is handed the first one's cache, warm by then.
if "--second-process" not in sys.argv:
    _CACHE = tempfile.TemporaryDirectory(prefix="compile-speed-")
    os.environ["TORCHINDUCTOR_CACHE_DIR"] = _CACHE.name

import torch
import torch.nn.functional as F
from torch import nn
from torch.testing import assert_close

REPORT = Path(__file__).with_name("compile_speed.report.txt")
WIDTH, HIDDEN, DEPTH, BATCH, CLASSES = 256, 1024, 2, 64, 10


class Block(nn.Module):
    """Pre-norm residual MLP block: LayerNorm, Linear, GELU, Linear, dropout-free residual."""

    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(WIDTH)
        self.up = nn.Linear(WIDTH, HIDDEN)
        self.down = nn.Linear(HIDDEN, WIDTH)

    def forward(self, x):
        return x + self.down(F.gelu(self.up(self.norm(x))))


def residual_mlp():
    return nn.Sequential(*[Block() for _ in range(DEPTH)], nn.LayerNorm(WIDTH),
                         nn.Linear(WIDTH, CLASSES))  # fmt: skip


def describe_cpu():
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return f"{names[0] if names else platform.processor()}, {os.cpu_count()} cores"


def load_average():
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "n/a"


def make_train_step(model):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def step(x, y):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    return step


def make_inference(model):
    def infer(x, y):
        with torch.no_grad():
            return model(x)

    return infer


def timed(fn, x, y, steps):
    start = time.perf_counter()
    for _ in range(steps):
        fn(x, y)
    return (time.perf_counter() - start) / steps


def workload(name, build, make, x, y, args, report):
    """Eager vs compiled, one workload: ((median, rounds) eager, the same compiled, compile s)."""
    torch.manual_seed(0)
    eager_model = build()
    compiled_model = build()
    compiled_model.load_state_dict(eager_model.state_dict())
    eager = make(eager_model)
    compiled = make(torch.compile(compiled_model))
    start = time.perf_counter()
    first = compiled(x, y)  # the first call: Dynamo traces, Inductor generates and builds C++
    compile_seconds = time.perf_counter() - start
    # Same weights, same input, before any optimizer step: the same result as eager.
    assert_close(first, eager(x, y), rtol=1e-4, atol=1e-4)
    for _ in range(3):
        eager(x, y), compiled(x, y)
    rounds = {"eager": [], "compiled": []}
    for _ in range(args.repeats):  # interleaved: eager, compiled, eager, compiled, ...
        rounds["eager"].append(timed(eager, x, y, args.steps))
        rounds["compiled"].append(timed(compiled, x, y, args.steps))
    e, c = (statistics.median(rounds[k]) for k in ("eager", "compiled"))
    spread = {k: f"{min(v) * 1e3:.2f}-{max(v) * 1e3:.2f}" for k, v in rounds.items()}
    report(
        f"{name:<32}{e * 1e3:9.2f} ms{c * 1e3:10.2f} ms{e / c:9.2f}×"
        f"{compile_seconds:10.1f} s   eager {spread['eager']} ms, compiled {spread['compiled']}"
        f" ms{load_average():>7}"
    )
    return (e, rounds["eager"]), (c, rounds["compiled"]), compile_seconds


def first_train_call() -> float:
    """Seconds for the first call of a freshly compiled training step (what --second-process
    prints for the parent)."""
    torch.manual_seed(0)
    x = torch.randn(BATCH, WIDTH)
    y = torch.randint(0, CLASSES, (BATCH,))
    step = make_train_step(torch.compile(residual_mlp()))
    start = time.perf_counter()
    step(x, y)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed rounds per mode")
    parser.add_argument("--steps", type=int, default=10, help="calls per timed round")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--second-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.second_process:  # a child of main(): one first call with the parent's warm cache
        print(f"{first_train_call():.3f}")
        return
    lines = []

    def report(line=""):
        print(line, flush=True)
        lines.append(line)

    now = datetime.datetime.now().astimezone().isoformat(timespec="minutes")
    report(f"torch.compile (Inductor) vs eager on CPU, measured {now}")
    report(f"cpu: {describe_cpu()}; torch CPU capability {torch.backends.cpu.get_cpu_capability()}")
    report(f"torch {torch.__version__}, Python {platform.python_version()}, "
           f"{torch.get_num_threads()} thread(s)")  # fmt: skip
    report("a SHARED machine: other programs ran meanwhile (load average per row, 1 min)")
    report(f"rounds: {args.repeats} per mode, interleaved, {args.steps} calls each; "
           "median round shown, spread = fastest-slowest round")  # fmt: skip
    report(f"load average (1 min) at start: {load_average()}")
    report()
    torch.manual_seed(0)
    x = torch.randn(BATCH, WIDTH)
    y = torch.randint(0, CLASSES, (BATCH,))
    mlp = f"residual MLP {DEPTH}×({WIDTH}→{HIDDEN}→{WIDTH})"
    report(f"{'workload (batch 64)':<32}{'eager':>12}{'compiled':>13}{'speed-up':>10}"
           f"{'1st call':>12}   spread per call{'load':>38}")  # fmt: skip
    train = workload(f"{mlp[:13]} train step", residual_mlp, make_train_step, x, y, args, report)
    workload(f"{mlp[:13]} inference", residual_mlp, make_inference, x, y, args, report)
    workload(
        "tiny Linear(256→10) inference",
        lambda: nn.Linear(WIDTH, CLASSES),
        make_inference,
        x,
        y,
        args,
        report,
    )
    report()
    report(f"model: {mlp}, LayerNorm + Linear head; train step = forward, cross-entropy,")
    report("backward, AdamW step (the optimizer step itself is not compiled)")
    (eager_s, eager_rounds), (compiled_s, compiled_rounds), cold_s = train
    saving = eager_s - compiled_s
    if max(compiled_rounds) < min(eager_rounds):
        report(f"train step: the cold first call is paid back after {cold_s / saving:,.0f} steps")
    else:  # a median difference inside the noise pays nothing back that this run can show
        report("train step: eager and compiled rounds overlap, so this run shows no speed-up "
               "that would pay back the first call")  # fmt: skip

    torch.compiler.reset()  # forget the compiled code in memory; the on-disk cache stays
    report(
        f"train step compiled again in the same process after torch.compiler.reset() "
        f"(on-disk cache warm): first call {first_train_call():.1f} s"
    )
    start = time.perf_counter()
    child = subprocess.run(
        [sys.executable, __file__, "--second-process", "--threads", str(args.threads)],
        capture_output=True, text=True, check=True, env=os.environ,
    )  # fmt: skip
    whole = time.perf_counter() - start
    report(
        f"train step compiled in a second process with the same on-disk cache: first call "
        f"{float(child.stdout.split()[-1]):.1f} s ({whole:.1f} s for the whole process, "
        f"import torch included)"
    )
    report()
    report(f"load average (1 min) at end: {load_average()}")
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.report}")


if __name__ == "__main__":
    main()
