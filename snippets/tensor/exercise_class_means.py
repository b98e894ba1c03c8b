"""Exercise: the mean feature vector of each class, picked out with boolean masks."""

import torch

torch.manual_seed(0)

features = torch.randn(8, 4)  # 8 samples, 4 features each
labels = torch.tensor([0, 2, 1, 0, 2, 2, 1, 0])  # int64 class indices, 3 classes
assert labels.dtype == torch.long

means = torch.zeros(3, 4)
for k in range(3):
    mask = labels == k  # a bool tensor of shape (8,)
    means[k] = features[mask].mean(dim=0)  # the rows where mask is True

counts = torch.bincount(labels, minlength=3)
print(f"{counts = }")
print(f"means:\n{means}")
assert counts.tolist() == [3, 2, 3]
assert torch.allclose(means[1], (features[2] + features[6]) / 2)  # class 1 is rows 2 and 6
# Without a loop: one-hot labels (8, 3) as weights, averaged per class by a matrix product.
one_hot = torch.nn.functional.one_hot(labels, num_classes=3).float()
assert torch.allclose(means, (one_hot.T @ features) / counts.unsqueeze(1))
