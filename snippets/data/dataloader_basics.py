"""DataLoader basics: what one batch looks like, one epoch of batches, repeatable shuffling."""

# %% dataset
import math

import torch
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

# Ten samples with three features each; sample i is [i, i, i] so we can see which one we got.
features = torch.arange(10.0).repeat_interleave(3).reshape(10, 3)
labels = torch.arange(10) % 2
dataset = TensorDataset(features, labels)
print("len(dataset):", len(dataset), "| dataset[3]:", dataset[3])

# %% one-batch
loader = DataLoader(dataset, batch_size=4)
x, y = next(iter(loader))  # (1)!
print("x:", tuple(x.shape), x.dtype, "| y:", tuple(y.shape), y.dtype)
print(f"x =\n{x}\ny = {y}")

# %% check
from torch.utils.data.dataloader import default_collate

assert x.shape == (4, 3) and y.shape == (4,)
assert torch.equal(x, default_collate([dataset[i] for i in range(4)])[0])
as_dicts = default_collate([{"x": torch.zeros(3), "y": 1}, {"x": torch.ones(3), "y": 0}])
assert as_dicts["x"].shape == (2, 3) and torch.equal(as_dicts["y"], torch.tensor([1, 0]))

# %% one-epoch
for iteration, (x, y) in enumerate(loader, start=1):  # (1)!
    print(f"iteration {iteration}: {len(y)} samples, {x[:, 0].int().tolist()}")
print(f"batch_size = 4, N = {len(dataset)}: one epoch is {len(loader)} iterations", end="")
print(f" = ceil({len(dataset)} / 4) = {math.ceil(len(dataset) / 4)}")


# %% shuffle
def epoch_order(loader):
    """The samples of one epoch, in the order the loader hands them out."""
    return [int(x[0]) for batch, _ in loader for x in batch]


shuffle_generator = torch.Generator().manual_seed(0)  # (1)!
shuffled = DataLoader(dataset, batch_size=4, shuffle=True, generator=shuffle_generator)
first, second = epoch_order(shuffled), epoch_order(shuffled)
print("epoch 1:", first)
print("epoch 2:", second)

# %% check
assert sorted(first) == list(range(10)) and sorted(second) == list(range(10))
assert first != second

# %% replay
torch.randn(1000)  # other random calls in between, e.g. initialising a model
replay = DataLoader(dataset, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(0))
print("same seed, same epochs:", epoch_order(replay) == first, epoch_order(replay) == second)
