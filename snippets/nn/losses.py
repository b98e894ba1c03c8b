"""Loss functions: what each computes (checked against its formula) and the target it expects."""

import torch
import torch.nn.functional as F
from torch import nn
from torch.testing import assert_close

torch.manual_seed(0)

# Regression: MSE squares the errors (punishes outliers), L1 takes their absolute value.
prediction = torch.tensor([2.5, 0.0, 2.0, 8.0])
target = torch.tensor([3.0, -0.5, 2.0, 7.0])
mse, l1 = nn.MSELoss()(prediction, target), nn.L1Loss()(prediction, target)
print(f"MSE {mse.item():.4f}   L1 {l1.item():.4f}")
assert_close(mse, ((prediction - target) ** 2).mean())
assert_close(l1, (prediction - target).abs().mean())
assert nn.MSELoss(reduction="sum")(prediction, target) == ((prediction - target) ** 2).sum()
assert nn.MSELoss(reduction="none")(prediction, target).shape == (4,)  # one loss per element
# The gradients show the difference: MSE pushes each prediction in proportion to its error
# (an outlier pushes hardest), L1 pushes every prediction equally hard.
errors = torch.tensor([0.1, -0.2, 0.3, 10.0], requires_grad=True)  # prediction minus target
(mse_grad,) = torch.autograd.grad(nn.MSELoss()(errors, torch.zeros(4)), errors)
(l1_grad,) = torch.autograd.grad(nn.L1Loss()(errors, torch.zeros(4)), errors)
assert_close(mse_grad, 2 * errors.detach() / 4)
assert_close(l1_grad, errors.detach().sign() / 4)
assert_close(mse_grad[3] / mse_grad[0], torch.tensor(100.0))  # error 10 vs 0.1: 100x the gradient
# Huber (and SmoothL1) is a compromise: squared for small errors, absolute for large ones.
huber = nn.HuberLoss(reduction="none", delta=1.0)(errors.detach(), torch.zeros(4))
assert_close(huber, torch.where(errors.abs() < 1, 0.5 * errors**2, errors.abs() - 0.5).detach())
print("errors  ", [f"{e:+.2f}" for e in errors.tolist()])
print("MSE grad", [f"{g:+.2f}" for g in mse_grad.tolist()])
print("L1 grad ", [f"{g:+.2f}" for g in l1_grad.tolist()])

# Classification: logits of shape (N, C), targets are class indices of dtype long, shape (N,).
logits = torch.randn(4, 5)  # 4 samples, 5 classes
classes = torch.tensor([1, 0, 4, 2])  # (1)!
assert classes.dtype == torch.long
cross_entropy = nn.CrossEntropyLoss()(logits, classes)
picked = F.log_softmax(logits, dim=1)[torch.arange(4), classes]
assert_close(cross_entropy, -picked.mean())
print(f"CrossEntropy with class indices {cross_entropy.item():.4f}")
try:
    nn.CrossEntropyLoss()(logits, classes.float())  # (2)!
    raise AssertionError("float class indices were accepted")
except RuntimeError as error:
    print("float class indices:", str(error).splitlines()[0])
try:
    nn.CrossEntropyLoss()(logits, classes.int())  # e.g. labels saved as int32
    raise AssertionError("int32 class indices were accepted")
except RuntimeError as error:
    print("int32 class indices:", str(error).splitlines()[0])
assert_close(nn.CrossEntropyLoss()(logits, classes.int().long()), cross_entropy)  # .long() fixes it

# Segmentation: one class per pixel. Logits (N, C, H, W), target (N, H, W), class dim stays 1.
pixel_logits = torch.randn(2, 3, 4, 4)  # 2 images, 3 classes, 4x4 pixels
pixel_classes = torch.randint(0, 3, (2, 4, 4))  # (3)!
segmentation_loss = nn.CrossEntropyLoss()(pixel_logits, pixel_classes)
# Same as flattening every pixel into its own sample: (N*H*W, C) against (N*H*W,).
flat_logits = pixel_logits.permute(0, 2, 3, 1).reshape(-1, 3)
assert_close(segmentation_loss, nn.CrossEntropyLoss()(flat_logits, pixel_classes.reshape(-1)))
shapes = f"logits {tuple(pixel_logits.shape)}, target {tuple(pixel_classes.shape)}"
print(f"CrossEntropy per pixel, {shapes}: {segmentation_loss.item():.4f}")
# Pixels labelled with ignore_index (often 255 for "unlabelled") do not count.
labelled = pixel_classes.clone()
labelled[:, 0, :] = 255  # the first row of every image has no label
masked = nn.CrossEntropyLoss(ignore_index=255)(pixel_logits, labelled)
keep = labelled != 255
assert keep.sum() == 2 * 3 * 4  # 2 images x 3 labelled rows x 4 pixels
per_pixel = nn.CrossEntropyLoss(reduction="none")(pixel_logits, pixel_classes)
assert_close(masked, per_pixel[keep].mean())

# Multi-label: each of the C outputs is its own yes/no question; targets are floats.
tag_logits = torch.randn(4, 3)
tags = torch.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 0.0]])
bce = nn.BCEWithLogitsLoss()(tag_logits, tags)
p = torch.sigmoid(tag_logits)
assert_close(bce, -(tags * p.log() + (1 - tags) * (1 - p).log()).mean())
print(f"BCEWithLogits over 3 independent tags {bce.item():.4f}")

# Label smoothing: the target is (1 - eps) on the true class plus eps spread over all C classes.
EPSILON, C = 0.1, 5
smoothed_loss = nn.CrossEntropyLoss(label_smoothing=EPSILON)(logits, classes)  # (4)!
soft_target = F.one_hot(classes, C).float() * (1 - EPSILON) + EPSILON / C
assert_close(smoothed_loss, nn.CrossEntropyLoss()(logits, soft_target))  # probabilities as target
print(f"label_smoothing={EPSILON}: {smoothed_loss.item():.4f} (plain {cross_entropy.item():.4f})")
# A perfectly confident, correct prediction is no longer free: smoothing penalises over-confidence.
confident = F.one_hot(classes, C).float() * 20
assert nn.CrossEntropyLoss()(confident, classes) < 1e-6
assert nn.CrossEntropyLoss(label_smoothing=EPSILON)(confident, classes) > 1
