"""Mixed precision on CPU: float32 vs bfloat16 autocast, step time and final MNIST accuracy.

    python benchmarks/mixed_precision.py                  # writes mixed_precision.report.txt
    python benchmarks/mixed_precision.py --seeds 1 --steps 40 --report /tmp/r.txt   # smoke run

One small task: an MLP (784→256→128→10) trained with AdamW on MNIST, batches of 64 drawn
from the 60,000 training images held in memory, then scored on the 10,000 test images. Per
seed, the float32 model and the bf16-autocast model start from the same weights, see the same
batches and are trained in lockstep, a block of steps each in turn (float32, bf16, float32,
...), so load from other programs hits both alike. Step time = median block / block size;
spread = fastest-slowest block.

Whether bf16 is faster depends on the CPU: only CPUs with native bf16 instructions (AVX-512
BF16, AMX) run bf16 matrix products fast; elsewhere the conversions cost more than they save.
The report names the CPU and which of those instruction-set flags it has.

This is a benchmark, not a test: timings depend on the machine and its load. The snippet
(snippets/nn/mixed_precision.py) asserts the correctness claims; this script measures.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torchvision import datasets

REPORT = Path(__file__).with_name("mixed_precision.report.txt")
BF16_FLAGS = ("avx512_bf16", "amx_bf16", "avx512f", "avx2")


def cpu_description():
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    flags = next((line.split(":", 1)[1].split() for line in lines if line.startswith("flags")), [])
    has = ", ".join(f"{flag} {'yes' if flag in flags else 'no'}" for flag in BF16_FLAGS)
    name = names[0] if names else platform.processor()
    return f"{name}, {os.cpu_count()} cores", has if flags else "flags not readable"


def load_average():
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "n/a"


def load_mnist(root):
    try:
        train = datasets.MNIST(root, train=True)
        test = datasets.MNIST(root, train=False)
    except (RuntimeError, OSError) as exc:
        sys.exit(f"MNIST is not in {root / 'MNIST' / 'raw'} ({' '.join(str(exc).split())}).")

    def tensors(dataset):
        images = (dataset.data.float() / 255 - 0.1307) / 0.3081
        return images.flatten(1), dataset.targets

    return tensors(train), tensors(test)


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10))  # fmt: skip


def accuracy(model, images, labels, amp):
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=amp):
        return (model(images).argmax(1) == labels).float().mean().item() * 100


def run_seed(seed, train, test, args):
    """Both variants in lockstep; returns {variant: (block times, final loss, accuracy)}."""
    (train_x, train_y), (test_x, test_y) = train, test
    torch.manual_seed(seed)
    reference = mlp()
    variants = {}
    for name, amp in (("float32", False), ("bf16 autocast", True)):
        model = mlp()
        model.load_state_dict(reference.state_dict())
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
        variants[name] = {"model": model, "optimizer": optimizer, "amp": amp, "blocks": []}
    order = torch.Generator().manual_seed(seed)
    batches = torch.randint(0, len(train_x), (args.steps, args.batch_size), generator=order)
    for first in range(0, args.steps, args.block):
        for v in variants.values():
            start = time.perf_counter()
            for indices in batches[first : first + args.block]:
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=v["amp"]):
                    loss = F.cross_entropy(v["model"](train_x[indices]), train_y[indices])
                v["optimizer"].zero_grad()
                loss.backward()
                v["optimizer"].step()
            v["blocks"].append(
                (time.perf_counter() - start) / len(batches[first : first + args.block])
            )
            v["loss"] = loss.item()
    return {
        name: (
            v["blocks"][1:] or v["blocks"],
            v["loss"],
            accuracy(v["model"], test_x, test_y, v["amp"]),
        )
        for name, v in variants.items()
    }  # the first block includes one-off set-up costs: left out when there are others


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--block", type=int, default=20, help="steps per timed block")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
    )
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    train, test = load_mnist(args.data_dir)
    lines = []

    def report(line=""):
        print(line, flush=True)
        lines.append(line)

    cpu, flags = cpu_description()
    now = datetime.datetime.now().astimezone().isoformat(timespec="minutes")
    report(f"float32 vs bf16 autocast on CPU, MNIST MLP, measured {now}")
    report(f"cpu: {cpu}; torch CPU capability {torch.backends.cpu.get_cpu_capability()}")
    report(f"cpu flags: {flags}")
    report(f"torch {torch.__version__}, Python {platform.python_version()}, "
           f"{torch.get_num_threads()} thread(s)")  # fmt: skip
    report("a SHARED machine: other programs ran meanwhile (load average per row, 1 min)")
    report(f"task: MLP 784→256→128→10, AdamW lr 1e-3, {args.steps} steps of batch "
           f"{args.batch_size}, then the 10,000 test images")  # fmt: skip
    report(f"timing: blocks of {args.block} steps, float32 and bf16 in turn; step time = median "
           "block, spread = fastest-slowest block")  # fmt: skip
    report(f"load average (1 min) at start: {load_average()}")
    report()
    report(f"{'seed':<6}{'variant':<16}{'step time':>11}{'spread':>18}{'last loss':>11}"
           f"{'test acc':>10}{'load':>7}")  # fmt: skip
    medians = {"float32": [], "bf16 autocast": []}
    accuracies = {"float32": [], "bf16 autocast": []}
    for seed in range(args.seeds):
        for name, (blocks, loss, acc) in run_seed(seed, train, test, args).items():
            medians[name].append(statistics.median(blocks))
            accuracies[name].append(acc)
            spread = f"{min(blocks) * 1e3:.2f}-{max(blocks) * 1e3:.2f} ms"
            report(
                f"{seed:<6}{name:<16}{medians[name][-1] * 1e3:8.2f} ms{spread:>18}"
                f"{loss:11.3f}{acc:9.2f}%{load_average():>7}"
            )
    report()
    fp32, bf16 = (statistics.median(medians[k]) for k in ("float32", "bf16 autocast"))
    ratio = bf16 / fp32
    verdict = "slower" if ratio > 1 else "faster"
    report(f"step time bf16 / float32: {ratio:.2f}× (bf16 autocast is {verdict} on this CPU)")
    gap = statistics.mean(accuracies["bf16 autocast"]) - statistics.mean(accuracies["float32"])
    report(
        f"test accuracy, mean over seeds: float32 {statistics.mean(accuracies['float32']):.2f}%, "
        f"bf16 autocast {statistics.mean(accuracies['bf16 autocast']):.2f}% "
        f"({gap:+.2f} points)"
    )
    report()
    report(f"load average (1 min) at end: {load_average()}")
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.report}")


if __name__ == "__main__":
    main()
