"""Exercise: per-sample weights that make a WeightedRandomSampler draw both classes equally."""

import torch
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler

torch.manual_seed(0)
labels = torch.cat([torch.zeros(950, dtype=torch.long), torch.ones(50, dtype=torch.long)])
dataset = TensorDataset(torch.randn(len(labels), 4), labels)
print("class counts:", torch.bincount(labels).tolist())


def balancing_weights(labels):
    """One weight per sample, inversely proportional to the size of its class."""
    return torch.ones(len(labels), dtype=torch.double)  # TODO: weigh rare classes up


weights = balancing_weights(labels)
assert weights.shape == labels.shape
sampler = WeightedRandomSampler(
    weights, num_samples=len(labels), replacement=True, generator=torch.Generator().manual_seed(0)
)
drawn = torch.cat([y for _, y in DataLoader(dataset, batch_size=100, sampler=sampler)])
share = drawn.float().mean().item()
print(f"share of class 1 in one epoch: {share:.3f} (in the data: {labels.float().mean():.3f})")
assert len(drawn) == len(labels)
assert 0.45 <= share <= 0.55
