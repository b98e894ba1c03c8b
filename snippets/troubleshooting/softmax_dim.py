"""Softmax over the wrong dimension raises nothing: measure the probabilities to catch it."""

# %% wrong-dim
import torch

torch.manual_seed(0)
logits = torch.randn(4, 3)  # (batch, classes): 4 samples, 3 classes
wrong = torch.softmax(logits, dim=0)  # (1)!
print("per-sample sums:", wrong.sum(dim=1))  # (2)!
print("per-class sums: ", wrong.sum(dim=0))

# %% sample-alone
# A sample's prediction should not depend on which other samples share its batch.
alone = torch.softmax(logits[:1], dim=0)  # (1)!
print("sample 0 alone:       ", alone)
print("sample 0 in the batch:", wrong[:1])

# %% right-dim
right = torch.softmax(logits, dim=1)  # (1)!
print("per-sample sums:", right.sum(dim=1))
print("sample 0 alone:       ", torch.softmax(logits[:1], dim=1))
print("sample 0 in the batch:", right[:1])

# %% check
torch.testing.assert_close(right.sum(dim=1), torch.ones(4))
torch.testing.assert_close(torch.softmax(logits[:1], dim=1), right[:1])
assert torch.equal(right.argmax(dim=1), logits.argmax(dim=1))  # softmax keeps the ranking
