"""float16 tops out at 65504: a larger value becomes inf, and inf - inf or inf / inf is NaN.

Under float16 autocast a hand-written softmax overflows where cross_entropy does not, and a
GradScaler skips every step whose gradients are not finite. Runs on the CPU.
"""

# %% range
import math
import os
import sys
from pathlib import Path

import torch
from torch import nn
from torchvision import datasets

print(f"{torch.finfo(torch.float16).max = }")
print("60000, 70000, 1e-8 as float16:", torch.tensor([60000.0, 70000.0, 1e-8]).half())  # (1)!
big = torch.tensor(300.0, dtype=torch.float16)
print("300 * 300:", big * big, "  inf - inf:", big * big - big * big)
print("exp(11), exp(12) in float16:", torch.tensor([11.0, 12.0], dtype=torch.float16).exp())

# %% check
assert torch.tensor(65504.0).half() == 65504 and torch.tensor(70000.0).half() == torch.inf
assert torch.tensor(1e-8).half() == 0 and (big * big - big * big).isnan()

# %% load-mnist
DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
try:
    train_set = datasets.MNIST(DATA, train=True, download=True)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())  # torchvision's message spans several lines
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )
pixels = train_set.data.flatten(1).float().div(255).sub(0.1307).div(0.3081)
images, labels = pixels[:2000], train_set.targets[:2000]
val_images, val_labels = pixels[-1000:], train_set.targets[-1000:]


# %% hand-written
def hand_written_cross_entropy(logits, targets):
    exps = logits.exp()  # (1)!
    probs = exps / exps.sum(dim=1, keepdim=True)
    return -probs[torch.arange(len(targets)), targets].log().mean()


# %% train
def train(loss_fn, init_scale=2.0**16, steps=200):
    """float16 autocast with a GradScaler, the CUDA recipe, here on the CPU."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scaler = torch.amp.GradScaler("cpu", init_scale=init_scale)
    batches, history = torch.Generator().manual_seed(0), []
    for _ in range(steps):
        batch = torch.randperm(len(images), generator=batches)[:100]
        with torch.autocast("cpu", dtype=torch.float16):  # (1)!
            loss = loss_fn(model(images[batch]), labels[batch])
        optimizer.zero_grad()
        scale = scaler.get_scale()
        scaler.scale(loss).backward()  # (2)!
        scaler.unscale_(optimizer)  # (3)!
        # max_norm=inf clips nothing: it measures the norm of the unscaled gradients
        grad_norm = nn.utils.clip_grad_norm_(model.parameters(), math.inf)
        scaler.step(optimizer)  # skipped when a gradient is inf or NaN
        scaler.update()  # (4)!
        history.append((loss.item(), loss.dtype, scale, grad_norm.item()))
    return history, model, scaler


# %% overflow
results = {}
for loss_fn in (hand_written_cross_entropy, nn.functional.cross_entropy):
    history, model, scaler = train(loss_fn)
    nan_steps = [step for step, (loss, *_) in enumerate(history) if math.isnan(loss)]
    skipped = sum(not math.isfinite(grad_norm) for *_, grad_norm in history)
    with torch.no_grad():
        accuracy = (model(val_images).argmax(dim=1) == val_labels).float().mean().item() * 100
    first = f" (the first at step {nan_steps[0]})" if nan_steps else ""
    print(f"{loss_fn.__name__}: loss in {history[0][1]}, NaN losses {len(nan_steps)}{first}")
    print(f"  steps skipped {skipped} of {len(history)}, scale at the end {scaler.get_scale()}")
    print(f"  validation accuracy {accuracy:.1f}%")
    results[loss_fn] = history[0][1], nan_steps, skipped, scaler.get_scale(), accuracy

# %% check
dtype, nan_steps, skipped, scale, accuracy = results[hand_written_cross_entropy]
assert dtype == torch.float16 and nan_steps[0] < 50 and len(nan_steps) > 100
assert skipped >= len(nan_steps) and scale < 1 and accuracy > 50  # the weights stayed finite
dtype, nan_steps, skipped, scale, accuracy = results[nn.functional.cross_entropy]
assert dtype == torch.float32 and nan_steps == [] and skipped == 0 and accuracy > 90
assert scale == 2.0**16  # no step skipped, none halved the scale

# %% scaler-logic
history, _, _ = train(nn.functional.cross_entropy, init_scale=2.0**24, steps=8)  # (1)!
for step, (_, _, scale, grad_norm) in enumerate(history):
    taken = math.isfinite(grad_norm)
    print(f"step {step}: scale {scale:10.0f}, gradient norm {grad_norm:6.3f}, step taken: {taken}")

# %% check
_, _, scales, grad_norms = zip(*history, strict=True)
taken = [math.isfinite(grad_norm) for grad_norm in grad_norms]
skips = taken.index(True)  # skipped until the scaled gradients fit in float16, then stepped
assert skips >= 3 and all(taken[skips:]) and max(grad_norms[skips:]) < 100  # unscaled
assert scales == tuple(2.0 ** (24 - min(i, skips)) for i in range(8))  # halved after a skip
_, untouched, _ = train(nn.functional.cross_entropy, init_scale=2.0**24, steps=skips)
_, start, _ = train(nn.functional.cross_entropy, steps=0)
for before, after in zip(start.parameters(), untouched.parameters(), strict=True):
    assert torch.equal(before, after)  # a skipped step leaves the weights as they were
