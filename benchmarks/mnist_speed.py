"""Time to 99.0 % MNIST test accuracy: the pytorch/examples recipe against our speedrun.

    python benchmarks/mnist_speed.py                  # 3 seeds, CPU, writes the report
    python benchmarks/mnist_speed.py --device cuda    # the same on a GPU
    python benchmarks/mnist_speed.py --no-baseline    # only our recipe and its ablation

The baseline is written from the published description of pytorch/examples `mnist/main.py`
(not copied): Conv(1→32,3) ReLU Conv(32→64,3) ReLU MaxPool2 Dropout(0.25) FC(9216→128) ReLU
Dropout(0.5) FC(128→10) log_softmax; Adadelta lr 1.0, StepLR γ 0.7 per epoch, batch 64,
ToTensor + Normalize(0.1307, 0.3081) in a DataLoader, the full test set scored after every
epoch. Its clock stops at the end of the first evaluation that reaches 99.0 %.

Ours is `train_and_evaluate` from snippets/mnist/speedrun.py, imported from that file so the
benchmark measures exactly the code the page shows. Both run in this one process, seed by
seed in turn (baseline, ours, baseline, ours, ...), after one untimed warm-up each, so load
from other programs hits both alike. The ablation then switches off one lever at a time.

This is a benchmark, not a test: it takes long (the baseline alone took 535-718 s per seed on
2 CPU cores: mnist_speed.report.txt) and its times depend on the machine. Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torchvision import datasets, transforms

ROOT = Path(__file__).resolve().parent.parent
REPORT = Path(__file__).with_name("mnist_speed.report.txt")
TARGET = 99.0

spec = importlib.util.spec_from_file_location("speedrun", ROOT / "snippets/mnist/speedrun.py")
speedrun = importlib.util.module_from_spec(spec)
spec.loader.exec_module(speedrun)


class BaselineNet(nn.Module):
    """pytorch/examples' MNIST network, as its README and code describe it."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = self.dropout1(F.max_pool2d(x, 2))
        x = self.dropout2(F.relu(self.fc1(torch.flatten(x, 1))))
        return F.log_softmax(self.fc2(x), dim=1)


def baseline_datasets(root):
    pipeline = transforms.Compose(
        [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
    )
    return (
        datasets.MNIST(root, train=True, transform=pipeline),
        datasets.MNIST(root, train=False, transform=pipeline),
    )


def baseline(train_set, test_set, seed, device, max_epochs=14, max_steps=None):
    """Returns (seconds to the first epoch whose test accuracy ≥ TARGET, epochs, accuracy).

    Like ours, the clock starts after the files are read (the datasets are built outside)."""
    torch.manual_seed(seed)
    start = time.perf_counter()
    extra = {"num_workers": 1, "pin_memory": True} if device.startswith("cuda") else {}
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True, **extra)
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=1000, **extra)
    model = BaselineNet().to(device)
    optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7)
    accuracy = 0.0
    for epoch in range(1, max_epochs + 1):
        model.train()
        for step, (images, labels) in enumerate(train_loader):
            if step == max_steps:
                break
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            loss = F.nll_loss(model(images), labels)
            loss.backward()
            optimizer.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for images, labels in test_loader:
                images, labels = images.to(device), labels.to(device)
                correct += (model(images).argmax(1) == labels).sum().item()
        accuracy = correct / len(test_set) * 100
        scheduler.step()
        if max_steps is not None:
            return None, epoch, accuracy
        print(f"    baseline seed {seed} epoch {epoch}: {accuracy:.2f}%", flush=True)
        if accuracy >= TARGET:
            return time.perf_counter() - start, epoch, accuracy
    return None, max_epochs, accuracy


ABLATION = [  # (label, lever overrides): each row switches one lever of RECIPE
    ("our recipe, every lever on", {}),
    ("per-sample DataLoader instead of one tensor", {"in_memory": False}),
    ("no BatchNorm", {"batch_norm": False}),
    ("Adadelta lr 1.0 instead of one-cycle SGD+Nesterov", {"one_cycle": False}),
    ("no label smoothing", {"label_smoothing": 0.0}),
    ("no random shifts", {"max_shift": 0}),
    ("channels_last off (NCHW)", {"channels_last": False}),
    ("eval batch 64 instead of 500", {"eval_batch_size": 64}),
]


def describe_hardware(device):
    if device.startswith("cuda"):
        return torch.cuda.get_device_name(device)
    cpuinfo = Path("/proc/cpuinfo")
    names = [
        line.split(":", 1)[1].strip()
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
        if line.startswith("model name")
    ]
    return f"{names[0] if names else platform.processor()}, {os.cpu_count()} cores"


def load_average():
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "n/a"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the slow baseline")
    parser.add_argument("--no-ablation", action="store_true")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args()
    device = args.device
    if device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit(f"--device {device}: this PyTorch sees no CUDA GPU.")
    recipe = speedrun.RECIPE
    ablation = [
        *ABLATION,
        (f"1 thread instead of {recipe['threads']}", {"threads": 1}),
        # bf16 is a lever too: flip it against whatever the recipe chose.
        ("bf16 autocast off" if recipe["bf16"] else "bf16 autocast on (not in the recipe)",
         {"bf16": not recipe["bf16"]}),
    ]  # fmt: skip

    train_set, test_set = speedrun.load_mnist(args.data_dir)
    base_train, base_test = baseline_datasets(args.data_dir)
    lines = []

    def report(line=""):
        print(line, flush=True)
        lines.append(line)

    now = datetime.datetime.now().astimezone().isoformat(timespec="minutes")
    report(f"MNIST: seconds to {TARGET:.1f} % test accuracy, measured {now}")
    report(f"device: {device} ({describe_hardware(device)})")
    report(f"torch {torch.__version__}, Python {platform.python_version()}")
    report(f"load average (1 min) at start: {load_average()}")
    report()

    # Warm-up, untimed: first calls pay one-off set-up costs (oneDNN kernels, CUDA context).
    speedrun.train_and_evaluate(train_set, test_set, seed=100, device=device, epochs=0.05)
    if not args.no_baseline:
        baseline(base_train, base_test, seed=100, device=device, max_steps=20)

    ours, theirs = [], []
    header = f"{'seed':<6}{'pytorch/examples':<32}{'ours':<22}{'speed-up':>9}{'load':>7}"
    report(header)
    for seed in range(args.seeds):
        base_text, ratio = "(skipped)", ""
        if not args.no_baseline:
            seconds, epochs, accuracy = baseline(base_train, base_test, seed, device)
            assert seconds is not None, f"baseline seed {seed} never reached {TARGET}%"
            theirs.append(seconds)
            base_text = f"{seconds:6.1f} s ({epochs} epochs, {accuracy:.2f}%)"
        accuracy, seconds = speedrun.train_and_evaluate(
            train_set, test_set, seed=seed, device=device
        )
        assert accuracy >= TARGET, f"our recipe, seed {seed}: {accuracy:.2f}% < {TARGET}%"
        ours.append(seconds)
        if theirs:
            ratio = f"{theirs[-1] / seconds:.0f}×"
        ours_text = f"{seconds:5.2f} s ({accuracy:.2f}%)"
        report(f"{seed:<6}{base_text:<32}{ours_text:<22}{ratio:>9}{load_average():>7}")
    report()
    report(
        f"ours: median {statistics.median(ours):.2f} s, slowest {max(ours):.2f} s, "
        f"every seed ≥ {TARGET:.1f} %"
    )
    if theirs:
        speedup = statistics.median(theirs) / statistics.median(ours)
        report(f"pytorch/examples: median {statistics.median(theirs):.1f} s")
        report(f"speed-up, median over median: {speedup:.0f}×")

    if not args.no_ablation:
        report()
        report(f"ablation: one lever changed at a time ({args.seeds} seeds each)")
        report(f"{'variant':<52}{'median time':>12}{'mean acc':>10}{'worst acc':>11}{'time':>8}")
        reference = None
        for label, levers in ablation:
            runs = [
                speedrun.train_and_evaluate(train_set, test_set, seed=s, device=device, **levers)
                for s in range(args.seeds)
            ]
            seconds = statistics.median(s for _, s in runs)
            accuracies = [a for a, _ in runs]
            reference = reference or seconds
            worst = f"{min(accuracies):.2f}%" + ("" if min(accuracies) >= TARGET else "*")
            report(
                f"{label:<52}{seconds:10.2f} s{statistics.mean(accuracies):9.2f}%"
                f"{worst:>11}{seconds / reference:7.2f}×"
            )
        report(f"(* below {TARGET:.1f} %; time: relative to the first row)")
    report()
    report(f"load average (1 min) at end: {load_average()}")
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.report}")


if __name__ == "__main__":
    main()
