"""Exercise: a data file numbers its 10 classes 1 to 10, and CrossEntropyLoss fails with
"IndexError: Target 10 is out of bounds." Convert the labels so that the loss works."""

import torch
from torch import nn

torch.manual_seed(0)
NUM_CLASSES = 10
raw_labels = torch.tensor([1, 10, 4, 7, 10, 2])  # as read from the file: 1..10
logits = torch.randn(len(raw_labels), NUM_CLASSES)

try:
    nn.CrossEntropyLoss()(logits, raw_labels)
except IndexError as error:
    with_raw_labels = f"{type(error).__name__}: {error}"
print("the raw labels give", with_raw_labels)
assert with_raw_labels == "IndexError: Target 10 is out of bounds."


def to_class_indices(raw_labels):
    """The class indices CrossEntropyLoss expects: 0..NUM_CLASSES-1, dtype long."""
    return raw_labels - 1  # the fix: shift 1..10 down to 0..9


labels = to_class_indices(raw_labels)
print("labels:", labels)
assert labels.dtype == torch.long
assert labels.min() >= 0 and labels.max() < NUM_CLASSES, "labels must lie in 0..NUM_CLASSES-1"
assert torch.equal(labels + 1, raw_labels), "every sample keeps its own class"
loss = nn.CrossEntropyLoss()(logits, labels)
print(f"loss: {loss.item():.4f}")
assert loss.item() > 0
