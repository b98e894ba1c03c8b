"""Epoch, iteration, batch size: how many iterations one epoch takes, with and without drop_last."""

import math

import torch
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
N, BATCH_SIZE, EPOCHS = 10, 4, 2
dataset = TensorDataset(torch.arange(N))  # sample i is just its index, so we see who came

# One iteration takes one batch; one epoch is a pass in which every sample comes exactly once.
loader = DataLoader(
    dataset, batch_size=BATCH_SIZE, shuffle=True, generator=torch.Generator().manual_seed(0)
)
print(f"N = {N}, batch_size = {BATCH_SIZE}: len(loader) = {len(loader)} iterations per epoch")
assert len(loader) == math.ceil(N / BATCH_SIZE) == 3  # (1)!

iteration = 0
for epoch in range(1, EPOCHS + 1):
    seen = []
    for (indices,) in loader:
        iteration += 1  # (2)!
        seen += indices.tolist()
        print(f"epoch {epoch}, iteration {iteration}: batch {indices.tolist()}")
    assert sorted(seen) == list(range(N))  # every sample exactly once per epoch
assert iteration == EPOCHS * len(loader) == 6

# drop_last=True discards the short last batch, so the samples left over miss that epoch.
dropping = DataLoader(
    dataset,
    batch_size=BATCH_SIZE,
    shuffle=True,
    drop_last=True,  # (3)!
    generator=torch.Generator().manual_seed(0),
)
print(f"drop_last=True: len(loader) = {len(dropping)}")
assert len(dropping) == math.floor(N / BATCH_SIZE) == 2
left_out_per_epoch = []
for epoch in range(1, EPOCHS + 1):
    batches = [indices.tolist() for (indices,) in dropping]
    left_out = sorted(set(range(N)) - {i for batch in batches for i in batch})
    print(f"drop_last epoch {epoch}: batch sizes {[len(b) for b in batches]}, not seen {left_out}")
    assert [len(b) for b in batches] == [4, 4] and len(left_out) == N % BATCH_SIZE
    left_out_per_epoch.append(left_out)
assert left_out_per_epoch[0] != left_out_per_epoch[1]  # shuffled: other samples miss out each time

# The same arithmetic at real sizes; len(loader) computes it without loading a single sample.
for n, batch_size in [(60000, 64), (60000, 100), (50000, 128)]:
    kept = DataLoader(range(n), batch_size=batch_size)  # a range is a valid map-style dataset
    dropped = DataLoader(range(n), batch_size=batch_size, drop_last=True)
    *_, last = kept  # the last batch of one epoch
    print(
        f"N = {n}, batch_size = {batch_size:>3}: {len(kept)} iterations per epoch"
        f" (last batch {len(last)}), {len(dropped)} with drop_last"
    )
    assert len(kept) == math.ceil(n / batch_size) == -(-n // batch_size)  # (4)!
    assert len(dropped) == n // batch_size
    assert len(last) == n - (len(kept) - 1) * batch_size
