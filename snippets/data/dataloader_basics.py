"""DataLoader basics: batch shapes, drop_last, reproducible shuffling, pin_memory."""

import os
import sys
import warnings

import torch
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.dataloader import default_collate

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

torch.manual_seed(0)

# Ten samples with three features each; sample i is [i, i, i] so we can see which one we got.
features = torch.arange(10.0).repeat_interleave(3).reshape(10, 3)
labels = torch.arange(10) % 2
dataset = TensorDataset(features, labels)

# The default collate_fn stacks the samples' tensors along a new first (batch) dimension.
loader = DataLoader(dataset, batch_size=4)
x, y = next(iter(loader))
print("x:", tuple(x.shape), "y:", tuple(y.shape), y.dtype)
assert x.shape == (4, 3) and y.shape == (4,)
assert torch.equal(x, default_collate([dataset[i] for i in range(4)])[0])  # (1)!
as_dicts = default_collate([{"x": torch.zeros(3), "y": 1}, {"x": torch.ones(3), "y": 0}])
assert as_dicts["x"].shape == (2, 3) and torch.equal(as_dicts["y"], torch.tensor([1, 0]))

# 10 samples in batches of 4: the last batch is short unless drop_last=True.
sizes = [len(y) for _, y in loader]
kept = [len(y) for _, y in DataLoader(dataset, batch_size=4, drop_last=True)]  # (2)!
print("batch sizes:", sizes, "| with drop_last:", kept)
assert sizes == [4, 4, 2] and len(loader) == 3
assert kept == [4, 4]


def epoch_order(loader):
    return [int(x[0]) for batch, _ in loader for x in batch]


# shuffle=True draws a new permutation every epoch, from the loader's own generator.
shuffle_generator = torch.Generator().manual_seed(0)  # (3)!
shuffled = DataLoader(dataset, batch_size=4, shuffle=True, generator=shuffle_generator)
first, second = epoch_order(shuffled), epoch_order(shuffled)
print("epoch 1:", first)
print("epoch 2:", second)
assert sorted(first) == list(range(10)) and first != second

# A fresh generator with the same seed replays the same epochs, whatever else used the global RNG.
torch.randn(1000)  # e.g. initialising a model in between
replay = DataLoader(dataset, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(0))
assert epoch_order(replay) == first and epoch_order(replay) == second

# pin_memory puts batches in page-locked RAM, from which copies to a CUDA GPU can run async.
pin = DEVICE.startswith("cuda")  # (4)!
for x, y in DataLoader(dataset, batch_size=4, pin_memory=pin):
    assert x.is_pinned() == pin
    x = x.to(DEVICE, non_blocking=pin)  # (5)!
    y = y.to(DEVICE, non_blocking=pin)
assert x.device.type == y.device.type == torch.device(DEVICE).type
assert len(y) == 2  # the loop ran through to the last, short batch

# Without any accelerator, pin_memory=True only warns (when iteration starts) and pins nothing.
if not torch.accelerator.is_available():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pinning = DataLoader(dataset, batch_size=4, pin_memory=True)
        assert not caught  # creating the loader is silent
        x, _ = next(iter(pinning))
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    print("pin_memory=True without an accelerator -> UserWarning:", *messages)
    assert any("no accelerator is found" in m for m in messages) and not x.is_pinned()

# The old pin_memory_device argument is deprecated: a warning, then the current accelerator.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    next(iter(DataLoader(dataset, batch_size=4, pin_memory=True, pin_memory_device="cuda")))
deprecated = [str(w.message) for w in caught if "pin_memory_device" in str(w.message)]
print("pin_memory_device='cuda' -> UserWarning:", *deprecated)
assert len(deprecated) == 1 and "deprecated" in deprecated[0]
