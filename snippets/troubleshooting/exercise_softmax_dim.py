"""Exercise: class probabilities for a batch. Find the bug that makes each sample's probabilities
depend on the rest of its batch, and fix it."""

import torch

torch.manual_seed(0)
logits = torch.randn(5, 4)  # 5 samples, 4 classes


def probabilities(logits):
    """Turn raw scores of shape (batch, classes) into class probabilities."""
    return torch.softmax(logits, dim=1)  # the fix: normalise over the classes, not the batch


probs = probabilities(logits)
print("per-sample sums:", probs.sum(dim=1))
print("sample 0 alone: ", probabilities(logits[:1]))
assert torch.allclose(probs.sum(dim=1), torch.ones(5)), "each sample's probabilities add up to 1"
assert torch.allclose(probabilities(logits[:1]), probs[:1]), "a sample ignores its batch-mates"
assert torch.equal(probs.argmax(dim=1), logits.argmax(dim=1))  # softmax keeps the ranking
