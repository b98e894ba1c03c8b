"""Epoch, iteration, batch size: how many iterations one epoch takes, with and without drop_last."""

# %% loader
import math

import torch
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
N, BATCH_SIZE, EPOCHS = 10, 4, 2
dataset = TensorDataset(torch.arange(N))  # sample i is just its index, so we see who came
loader = DataLoader(
    dataset, batch_size=BATCH_SIZE, shuffle=True, generator=torch.Generator().manual_seed(0)
)
print(f"N = {N}, batch_size = {BATCH_SIZE}: len(loader) = {len(loader)} iterations per epoch")
print(f"ceil(N / batch_size) = {math.ceil(N / BATCH_SIZE)}")  # (1)!

# %% epochs
iteration = 0
seen_per_epoch = []
for epoch in range(1, EPOCHS + 1):
    seen = []  # the samples of this epoch
    for (indices,) in loader:  # (1)!
        iteration += 1  # (2)!
        seen += indices.tolist()
        print(f"epoch {epoch}, iteration {iteration}: batch {indices.tolist()}")
    seen_per_epoch.append(seen)

# %% check
assert len(loader) == math.ceil(N / BATCH_SIZE) == 3
assert len(seen_per_epoch) == EPOCHS
assert all(sorted(seen) == list(range(N)) for seen in seen_per_epoch)  # each sample once
assert iteration == EPOCHS * len(loader) == 6

# %% drop-last
dropping = DataLoader(
    dataset,
    batch_size=BATCH_SIZE,
    shuffle=True,
    drop_last=True,  # (1)!
    generator=torch.Generator().manual_seed(0),
)
print(f"drop_last=True: len(loader) = {len(dropping)}")
left_out_per_epoch = []
for epoch in range(1, EPOCHS + 1):
    batches = [indices.tolist() for (indices,) in dropping]
    left_out = sorted(set(range(N)) - {i for batch in batches for i in batch})
    print(f"drop_last epoch {epoch}: batch sizes {[len(b) for b in batches]}, not seen {left_out}")
    left_out_per_epoch.append(left_out)

# %% check
assert len(dropping) == math.floor(N / BATCH_SIZE) == 2
assert all(len(left_out) == N % BATCH_SIZE for left_out in left_out_per_epoch)
assert left_out_per_epoch[0] != left_out_per_epoch[1]  # shuffled: other samples miss out each time

# %% real-sizes
sizes = []
for n, batch_size in [(60000, 64), (60000, 100), (50000, 128)]:
    kept = DataLoader(range(n), batch_size=batch_size)  # a range is a valid map-style dataset
    dropped = DataLoader(range(n), batch_size=batch_size, drop_last=True)
    *_, last = kept  # (1)!
    print(
        f"N = {n}, batch_size = {batch_size:>3}: {len(kept)} iterations per epoch"
        f" (last batch {len(last)}), {len(dropped)} with drop_last"
    )
    sizes.append((n, batch_size, len(kept), len(dropped), len(last)))

# %% check
assert len(sizes) == 3
for n, batch_size, kept, dropped, last in sizes:
    assert kept == math.ceil(n / batch_size) == -(-n // batch_size)  # no float rounding
    assert dropped == n // batch_size
    assert last == n - (kept - 1) * batch_size
