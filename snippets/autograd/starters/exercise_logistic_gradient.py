"""Exercise: the gradient of the logistic loss, derived by hand and checked against autograd."""

import torch

torch.manual_seed(0)
N, D = 16, 3
inputs = torch.randn(N, D)
labels = torch.randint(0, 2, (N,)) * 2.0 - 1  # each label is -1 or +1


def logistic_loss(w):
    """L(w) = mean over i of log(1 + exp(-y_i w . x_i))."""
    return torch.nn.functional.softplus(-labels * (inputs @ w)).mean()  # softplus(z) = log(1 + e^z)


# Written out as log1p(exp(z)), the loss overflows once a margin is very wrong; softplus does not.
very_wrong = torch.tensor(100.0)
assert torch.log1p(torch.exp(very_wrong)).isinf()  # e^100 is beyond float32
assert torch.nn.functional.softplus(very_wrong) == very_wrong  # log(1 + e^z) is z, to float32


def gradient_by_hand(w):
    """dL/dw = mean over i of -y_i sigmoid(-y_i w . x_i) x_i."""
    # TODO: write the gradient with torch operations on inputs, labels and w (no autograd here).
    return torch.zeros_like(w)


for trial in range(3):
    w = torch.randn(D, requires_grad=True)
    logistic_loss(w).backward()
    by_hand = gradient_by_hand(w.detach())
    print(f"trial {trial}: by hand {by_hand}, autograd {w.grad}")
    assert by_hand.shape == w.shape
    assert torch.allclose(by_hand, w.grad, atol=1e-6)
