"""log(softmax(x)) breaks on a confident prediction: the softmax rounds a probability to 0, its
log is -inf, and the gradient is NaN even while the loss looks fine. log_softmax does not.

The same MNIST training run, once with each, shows it happening long before training ends.
"""

# %% saturated
import os
import sys
import warnings
from pathlib import Path

import torch
from torch import nn
from torchvision import datasets

logits = torch.tensor([[30.0, -90.0, 0.0], [2.0, 1.0, 0.5]], requires_grad=True)  # (1)!
targets = torch.tensor([0, 1])
probs = torch.softmax(logits, dim=1)
log_probs = torch.log(probs)
print("exp(-103), exp(-104) in float32:", torch.exp(torch.tensor([-103.0, -104.0])))
print("softmax of sample 0:", probs[0].detach())
print("log of it:", log_probs[0].detach())
loss = nn.functional.nll_loss(log_probs, targets)  # (2)!
loss.backward()
print(f"loss: {loss.item():.4f}")
print("gradient of the logits:", logits.grad)

# %% check
assert probs[0, 1] == 0 and log_probs[0, 1] == -torch.inf  # exp(-120) underflows float32
assert torch.isfinite(loss) and logits.grad[0].isnan().all() and logits.grad[1].isfinite().all()

# %% anomaly
with warnings.catch_warnings(record=True) as caught:  # (1)!
    warnings.simplefilter("always")
    try:
        with torch.autograd.detect_anomaly():
            log_probs = torch.log(torch.softmax(logits, dim=1))
            nn.functional.nll_loss(log_probs, targets).backward()
    except RuntimeError as err:
        print("RuntimeError:", err)
(report,) = [str(c.message) for c in caught if "Error detected in" in str(c.message)]
code_lines = [line.strip() for line in report.splitlines() if line.startswith("    ")]
print(report.splitlines()[0])
print("points at:", code_lines[-1])

# %% check
assert any("should only be enabled for debugging" in str(c.message) for c in caught)
assert report.startswith("Error detected in LogBackward0") and "torch.log(" in code_lines[-1]

# %% fixed
logits.grad = None
log_probs = torch.log_softmax(logits, dim=1)  # (1)!
print("log_softmax of sample 0:", log_probs[0].detach())
loss = nn.functional.cross_entropy(logits, targets)  # (2)!
loss.backward()
print(f"loss: {loss.item():.4f}")
print("gradient of the logits:", logits.grad)

# %% check
torch.testing.assert_close(loss, nn.functional.nll_loss(log_probs, targets))
assert log_probs.isfinite().all() and logits.grad.isfinite().all()

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
images = train_set.data[:2000].flatten(1).float().div(255).sub(0.1307).div(0.3081)
labels = train_set.targets[:2000]


# %% train
def train(loss_fn, steps=300):
    """The same start and the same batches for each loss; stops at the first non-finite
    gradient. Returns that step (None if there was none), its loss and the largest spread
    between a sample's highest and lowest logit seen on the way."""
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10)
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
    batches, spread = torch.Generator().manual_seed(0), 0.0
    for step in range(steps):
        batch = torch.randperm(len(images), generator=batches)[:100]
        logits = model(images[batch])
        spread = max(spread, (logits.max(dim=1).values - logits.min(dim=1).values).max().item())
        loss = loss_fn(logits, labels[batch])
        optimizer.zero_grad()
        loss.backward()
        if not torch.isfinite(nn.utils.clip_grad_norm_(model.parameters(), torch.inf)):
            return step, loss.item(), spread
        optimizer.step()
    return None, loss.item(), spread


# %% in-training
def log_of_softmax(logits, targets):
    return nn.functional.nll_loss(torch.log(torch.softmax(logits, dim=1)), targets)


bad_step, bad_loss, bad_spread = train(log_of_softmax)
print(f"log(softmax): gradient not finite at step {bad_step}, the loss there {bad_loss:.3f}")
print(f"  largest logit spread until then: {bad_spread:.0f}")
no_step, last_loss, spread = train(nn.functional.cross_entropy)
print(
    f"cross_entropy: all gradients finite: {no_step is None}, loss after 300 steps {last_loss:.3f}"
)
print(f"  largest logit spread: {spread:.0f}")

# %% check
assert bad_step is not None and bad_step < 250 and bad_loss < 2  # the loss gave no warning
assert bad_spread > 104  # the spread at which float32's exp rounds to 0
assert no_step is None and last_loss < 0.5 and spread > bad_spread  # same spread, no problem
