"""Softmax over the wrong dimension raises nothing: measure the probabilities to catch it."""

import torch

torch.manual_seed(0)
logits = torch.randn(4, 3)  # (batch, classes): 4 samples, 3 classes


def broken():
    return torch.softmax(logits, dim=0)  # (1)!


def fixed():
    return torch.softmax(logits, dim=1)  # (2)!


def per_sample_sums(probabilities):
    """Each sample's probabilities over the classes must add up to 1."""
    return probabilities.sum(dim=1)


if __name__ == "__main__":
    wrong = broken()
    print("broken: per-sample sums ", per_sample_sums(wrong))  # (3)!
    print("broken: per-class sums  ", wrong.sum(dim=0))
    assert not torch.allclose(per_sample_sums(wrong), torch.ones(4))
    torch.testing.assert_close(wrong.sum(dim=0), torch.ones(3))  # normalised across the batch

    # A sample's prediction should not depend on which other samples share its batch.
    alone = torch.softmax(logits[:1], dim=0)  # (4)!
    print("broken: sample 0 alone  ", alone)
    assert torch.equal(alone, torch.ones(1, 3))  # every class gets probability 1
    assert not torch.allclose(alone, wrong[:1])

    right = fixed()
    print("fixed:  per-sample sums ", per_sample_sums(right))
    torch.testing.assert_close(per_sample_sums(right), torch.ones(4))
    torch.testing.assert_close(torch.softmax(logits[:1], dim=1), right[:1])
    assert torch.equal(right.argmax(dim=1), logits.argmax(dim=1))  # softmax keeps the ranking
