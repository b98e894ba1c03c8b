"""WeightedRandomSampler: draw an imbalanced dataset's classes about equally often."""

# %% load-mnist
import os
import sys
from pathlib import Path

import torch
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler
from torchvision import datasets

DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
try:
    train_set = datasets.MNIST(DATA, train=True, download=True)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())  # torchvision's message spans several lines
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )

torch.manual_seed(0)

# %% imbalanced-subset
# An imbalanced subset of real MNIST: 1000 zeros, 100 ones, 10 twos.
KEEP = {0: 1000, 1: 100, 2: 10}
indices = torch.cat([torch.nonzero(train_set.targets == d).flatten()[:n] for d, n in KEEP.items()])
images, labels = train_set.data[indices], train_set.targets[indices]
positions = torch.arange(len(labels))  # lets us see which samples were drawn
dataset = TensorDataset(images, labels, positions)
class_counts = torch.bincount(labels)
print("class counts:", class_counts.tolist())


# %% measure
def one_epoch(loader):
    """The label batches of one epoch, and the positions of all samples drawn, in order."""
    label_batches, position_batches = [], []
    for _, batch_labels, batch_positions in loader:
        label_batches.append(batch_labels)
        position_batches.append(batch_positions)
    return label_batches, torch.cat(position_batches)


def class_frequencies(name, label_batches):
    """Share of each class over the epoch, and its mean count in a full batch."""
    shares = torch.bincount(torch.cat(label_batches), minlength=3) / len(dataset)
    full_batches = label_batches[:-1]  # the last batch is short
    per_batch = torch.stack([torch.bincount(y, minlength=3) for y in full_batches]).double()
    per_batch = per_batch.mean(dim=0)
    print(f"{name:<22} shares {[round(x, 3) for x in shares.tolist()]}", end=" | ")
    print(f"per batch of 64 {[round(x, 1) for x in per_batch.tolist()]}")
    return shares, per_batch


# %% plain-shuffle
shuffle_generator = torch.Generator().manual_seed(0)
shuffled = DataLoader(dataset, batch_size=64, shuffle=True, generator=shuffle_generator)
label_batches, _ = one_epoch(shuffled)
shares, per_batch = class_frequencies("shuffle=True", label_batches)

# %% check
torch.testing.assert_close(shares, class_counts / len(labels))
assert abs(per_batch[2] - 64 * 10 / len(dataset)) < 0.2

# %% weights
sample_weights = 1.0 / class_counts[labels].double()  # (1)!
class_weights = torch.zeros(3, dtype=torch.float64).index_add_(0, labels, sample_weights)
print("weight of one sample per class:", [f"1/{n}" for n in class_counts.tolist()])
print("total weight per class:", [round(w, 6) for w in class_weights.tolist()])

# %% check
torch.testing.assert_close(class_weights, torch.ones(3, dtype=torch.float64))  # 1 per class

# %% sampler
sampler = WeightedRandomSampler(
    sample_weights,
    num_samples=len(dataset),  # (1)!
    replacement=True,
    generator=torch.Generator().manual_seed(0),
)
balanced = DataLoader(dataset, batch_size=64, sampler=sampler)  # (2)!
label_batches, drawn_positions = one_epoch(balanced)
shares, per_batch = class_frequencies("WeightedRandomSampler", label_batches)

# %% check
assert ((shares - 1 / 3).abs() < 0.05).all()
assert ((per_batch - 64 / 3).abs() < 3).all()

# %% no-shuffle
try:
    DataLoader(dataset, batch_size=64, sampler=sampler, shuffle=True)
except ValueError as error:
    print("sampler + shuffle=True ->", error)

# %% price
twos = drawn_positions[torch.cat(label_batches) == 2]
print(f"twos drawn: {len(twos)}, distinct twos among them: {len(twos.unique())}")

# %% check
assert len(twos) > 300 and len(twos.unique()) == 10
