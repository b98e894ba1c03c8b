"""Exercise: pick the loss function for three tasks, and check each pick against what that
task's loss must compute."""

import torch
import torch.nn.functional as F
from torch import nn
from torch.testing import assert_close

torch.manual_seed(0)

# 1. Digits: one of 10 classes per image; the model outputs raw logits, targets are class indices.
digit_logits = torch.randn(6, 10)
digit_classes = torch.tensor([3, 0, 9, 1, 1, 7])
# 2. Photo tags: each photo may have any of 4 tags (sky, person, car, tree); targets are 0/1.
tag_logits = torch.randn(6, 4)
tags = torch.tensor(
    [[1, 0, 0, 1], [0, 1, 1, 0], [0, 0, 0, 0], [1, 1, 1, 1], [1, 0, 1, 0], [0, 1, 0, 0]]
)
# 3. House prices: one number per house, mostly small errors but one listing is far off.
predicted_prices = torch.tensor([2.1, 3.4, 1.8, 2.9, 4.0, 2.5])
prices = torch.tensor([2.0, 3.5, 2.0, 3.0, 4.2, 12.5])

losses = {
    "digits": nn.CrossEntropyLoss(),  # softmax over the classes + negative log-likelihood
    "tags": nn.BCEWithLogitsLoss(),  # one independent yes/no (sigmoid) per tag
    "prices": nn.HuberLoss(delta=1.0),  # squared for small errors, linear for the outlier
}
digit_loss = losses["digits"](digit_logits, digit_classes)
tag_loss = losses["tags"](tag_logits, tags.float())  # BCE wants float targets
price_loss = losses["prices"](predicted_prices, prices)
print(f"digits: {type(losses['digits']).__name__} {digit_loss.item():.4f}")
print(f"tags:   {type(losses['tags']).__name__} {tag_loss.item():.4f}")
print(f"prices: {type(losses['prices']).__name__} {price_loss.item():.4f}")

# What each task needs its loss to compute, written out by hand:
# digits: the mean of -log softmax(logits)[true class]
picked = F.log_softmax(digit_logits, dim=1)[torch.arange(6), digit_classes]
assert_close(digit_loss, -picked.mean())
# tags: each tag is its own yes/no question, so sigmoid per tag (not a softmax across tags)
p = torch.sigmoid(tag_logits)
assert_close(tag_loss, -(tags * p.log() + (1 - tags) * (1 - p).log()).mean())
# prices: errors under 1 count squared (halved), the outlier's only linearly
errors = (predicted_prices - prices).abs()
assert_close(price_loss, torch.where(errors < 1, 0.5 * errors**2, errors - 0.5).mean())
# The outlier's pull on its prediction is capped at 1/6 (1 per sample, averaged over 6);
# with MSE it would be 2 * 10 / 6.
guess = predicted_prices.clone().requires_grad_()
losses["prices"](guess, prices).backward()
assert_close(guess.grad[5], torch.tensor(-1 / 6))
mse_guess = predicted_prices.clone().requires_grad_()
nn.MSELoss()(mse_guess, prices).backward()
assert_close(mse_guess.grad[5], torch.tensor(2 * -10.0 / 6))
