"""Exercise: how many iterations an epoch takes, checked against len(DataLoader)."""

import math

from torch.utils.data import DataLoader


def iterations_per_epoch(n, batch_size, drop_last=False):
    """Batches a DataLoader makes from n samples."""
    if drop_last:
        return n // batch_size
    return math.ceil(n / batch_size)


checked = 0
for n, batch_size in [(10, 4), (12, 4), (3, 4), (60000, 64), (50000, 128)]:
    for drop_last in (False, True):
        expected = len(DataLoader(range(n), batch_size=batch_size, drop_last=drop_last))
        got = iterations_per_epoch(n, batch_size, drop_last)
        assert got == expected, f"N={n}, batch_size={batch_size}, drop_last={drop_last}"
        checked += 1
print(f"{checked} cases agree with len(DataLoader)")
print(f"{iterations_per_epoch(60000, 64) = }, {iterations_per_epoch(60000, 64, drop_last=True) = }")

# Ten epochs over MNIST's 60000 training images in batches of 64: how many optimizer steps?
steps = 10 * iterations_per_epoch(60000, 64)
print(f"10 epochs, batch_size 64: {steps} iterations")
assert steps == 9380
