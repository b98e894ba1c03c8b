"""Exercise: a confusion matrix without a Python loop, and the most frequent mistake in it."""

import torch

torch.manual_seed(0)
labels = torch.randint(0, 10, (1000,))  # true digits of 1 000 images
wrong = torch.rand(1000) < 0.05  # about 5 % of them are misread as another digit
shift = torch.randint(1, 10, (1000,))  # 1-9: never back to the true digit
predictions = torch.where(wrong, (labels + shift) % 10, labels)


def confusion_matrix(labels, predictions, classes=10):
    """Row = true class, column = predicted class, entry = how many images."""
    return torch.zeros(classes, classes, dtype=torch.int64)  # TODO: count with torch.bincount


confusion = confusion_matrix(labels, predictions)
mistakes = confusion.clone().fill_diagonal_(0)
true_digit, predicted_digit = divmod(mistakes.flatten().argmax().item(), 10)
print(f"{confusion.sum().item() = }, {confusion.trace().item() = }")
print(
    f"most frequent mistake: {true_digit} read as {predicted_digit} ({mistakes.max().item()} times)"
)

assert confusion.sum() == len(labels)
assert confusion.trace() == (predictions == labels).sum()  # the diagonal: the right answers
assert torch.equal(confusion.sum(dim=1), torch.bincount(labels, minlength=10))  # rows: true digits
by_loop = torch.zeros(10, 10, dtype=torch.int64)
for t, p in zip(labels.tolist(), predictions.tolist(), strict=True):
    by_loop[t, p] += 1
assert torch.equal(confusion, by_loop)
assert mistakes[true_digit, predicted_digit] == mistakes.max() > 0
