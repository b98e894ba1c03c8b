"""Exercise: the accuracy of a batch, straight from the model's logits (as evaluate() does it)."""

import torch

torch.manual_seed(0)
logits = torch.randn(8, 10)  # 8 images, 10 digit classes: raw scores, no softmax
labels = logits.argmax(dim=1)
labels[:3] = (labels[:3] + 1) % 10  # the model gets the first three images wrong


def accuracy(logits, labels):
    """Percentage of rows whose highest score sits at the true label."""
    predictions = logits.argmax(dim=1)  # one class per row: the largest of its 10 scores
    return (predictions == labels).float().mean().item() * 100


print(f"{labels.tolist() = }")
print(f"{logits.argmax(dim=1).tolist() = }")
print(f"accuracy: {accuracy(logits, labels):.1f}%")
assert accuracy(logits, labels) == 62.5  # 5 of 8
assert accuracy(logits[3:], labels[3:]) == 100.0
assert accuracy(torch.softmax(logits, dim=1), labels) == 62.5  # softmax keeps the ranking
