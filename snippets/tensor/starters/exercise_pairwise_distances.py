"""Exercise: all pairwise distances between two sets of points, with broadcasting and no loop."""

import torch

torch.manual_seed(0)


def pairwise_distances(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Euclidean distance between every row of a (N, D) and every row of b (M, D): (N, M)."""
    # TODO: give a a new dimension 1 and b a new dimension 0, subtract (broadcasting makes
    # (N, M, D)), then square, sum over the last dimension and take the square root.
    return torch.zeros(len(a), len(b))


a = torch.randn(5, 2)
b = torch.randn(3, 2)
distances = pairwise_distances(a, b)
print(f"{distances.shape = }")
print(f"distances:\n{distances}")
assert distances.shape == (5, 3)
assert torch.allclose(distances[4, 2], (a[4] - b[2]).norm())  # one pair, computed directly
assert torch.allclose(distances, torch.cdist(a, b), atol=1e-6)  # PyTorch's own function
assert torch.allclose(pairwise_distances(a, a).diagonal(), torch.zeros(5))
