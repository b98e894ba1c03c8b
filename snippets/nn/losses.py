"""Loss functions: what each computes (checked against its formula) and the target it expects."""

# %% regression
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
prediction = torch.tensor([2.5, 0.0, 2.0, 8.0])
target = torch.tensor([3.0, -0.5, 2.0, 7.0])
mse, l1 = nn.MSELoss()(prediction, target), nn.L1Loss()(prediction, target)
print(f"MSE {mse.item():.4f}   L1 {l1.item():.4f}")
print("MSE, reduction='sum': ", nn.MSELoss(reduction="sum")(prediction, target))
print("MSE, reduction='none':", nn.MSELoss(reduction="none")(prediction, target))

# %% check
from torch.testing import assert_close

assert_close(mse, ((prediction - target) ** 2).mean())
assert_close(l1, (prediction - target).abs().mean())
assert nn.MSELoss(reduction="sum")(prediction, target) == ((prediction - target) ** 2).sum()
assert nn.MSELoss(reduction="none")(prediction, target).shape == (4,)  # one loss per element

# %% gradients
errors = torch.tensor([0.1, -0.2, 0.3, 10.0], requires_grad=True)  # prediction minus target
(mse_grad,) = torch.autograd.grad(nn.MSELoss()(errors, torch.zeros(4)), errors)
(l1_grad,) = torch.autograd.grad(nn.L1Loss()(errors, torch.zeros(4)), errors)
print("errors  ", [f"{e:+.2f}" for e in errors.tolist()])
print("MSE grad", [f"{g:+.2f}" for g in mse_grad.tolist()])
print("L1 grad ", [f"{g:+.2f}" for g in l1_grad.tolist()])

# %% check
assert_close(mse_grad, 2 * errors.detach() / 4)
assert_close(l1_grad, errors.detach().sign() / 4)
assert_close(mse_grad[3] / mse_grad[0], torch.tensor(100.0))  # error 10 vs 0.1: 100x the gradient

# %% huber
huber = nn.HuberLoss(reduction="none", delta=1.0)(errors.detach(), torch.zeros(4))
print("Huber   ", [f"{h:+.3f}" for h in huber.tolist()])

# %% check: squared (halved) below delta, absolute minus delta / 2 above
assert_close(huber, torch.where(errors.abs() < 1, 0.5 * errors**2, errors.abs() - 0.5).detach())

# %% cross-entropy
logits = torch.randn(4, 5)  # 4 samples, 5 classes
classes = torch.tensor([1, 0, 4, 2])  # (1)!
cross_entropy = nn.CrossEntropyLoss()(logits, classes)
print(f"{classes.dtype = }")
print(f"CrossEntropy with class indices {cross_entropy.item():.4f}")

# %% check: the mean of -log softmax(logits)[true class]
assert classes.dtype == torch.long
picked = F.log_softmax(logits, dim=1)[torch.arange(4), classes]
assert_close(cross_entropy, -picked.mean())

# %% wrong-dtype
try:
    nn.CrossEntropyLoss()(logits, classes.float())  # (1)!
except RuntimeError as error:
    print("float class indices:", str(error).splitlines()[0])
try:
    nn.CrossEntropyLoss()(logits, classes.int())  # e.g. labels saved as int32
except RuntimeError as error:
    print("int32 class indices:", str(error).splitlines()[0])
fixed = nn.CrossEntropyLoss()(logits, classes.int().long())
print(f"after .long(): {fixed.item():.4f}")

# %% check
assert_close(fixed, cross_entropy)

# %% segmentation
pixel_logits = torch.randn(2, 3, 4, 4)  # 2 images, 3 classes, 4x4 pixels
pixel_classes = torch.randint(0, 3, (2, 4, 4))  # (1)!
segmentation_loss = nn.CrossEntropyLoss()(pixel_logits, pixel_classes)
shapes = f"logits {tuple(pixel_logits.shape)}, target {tuple(pixel_classes.shape)}"
print(f"CrossEntropy per pixel, {shapes}: {segmentation_loss.item():.4f}")

# %% check: the same as every pixel its own sample, (N*H*W, C) against (N*H*W,)
flat_logits = pixel_logits.permute(0, 2, 3, 1).reshape(-1, 3)
assert_close(segmentation_loss, nn.CrossEntropyLoss()(flat_logits, pixel_classes.reshape(-1)))

# %% ignore-index
labelled = pixel_classes.clone()
labelled[:, 0, :] = 255  # the first row of every image has no label
masked = nn.CrossEntropyLoss(ignore_index=255)(pixel_logits, labelled)
keep = labelled != 255
print(f"labelled pixels: {keep.sum().item()} of {keep.numel()}, loss {masked.item():.4f}")

# %% check: the mean over the labelled pixels only
assert keep.sum() == 2 * 3 * 4  # 2 images x 3 labelled rows x 4 pixels
per_pixel = nn.CrossEntropyLoss(reduction="none")(pixel_logits, pixel_classes)
assert_close(masked, per_pixel[keep].mean())

# %% multi-label
tag_logits = torch.randn(4, 3)
tags = torch.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 0.0]])
bce = nn.BCEWithLogitsLoss()(tag_logits, tags)
print(f"BCEWithLogits over 3 independent tags {bce.item():.4f}")

# %% check: a sigmoid and a binary cross-entropy per tag
p = torch.sigmoid(tag_logits)
assert_close(bce, -(tags * p.log() + (1 - tags) * (1 - p).log()).mean())

# %% label-smoothing
EPSILON, C = 0.1, 5
smoothed_loss = nn.CrossEntropyLoss(label_smoothing=EPSILON)(logits, classes)  # (1)!
soft_target = F.one_hot(classes, C).float() * (1 - EPSILON) + EPSILON / C
print("soft target of the first sample:", [round(v, 3) for v in soft_target[0].tolist()])
print(f"label_smoothing={EPSILON}: {smoothed_loss.item():.4f} (plain {cross_entropy.item():.4f})")

# %% check: probabilities as the target give the same loss
assert_close(smoothed_loss, nn.CrossEntropyLoss()(logits, soft_target))

# %% over-confidence
confident = F.one_hot(classes, C).float() * 20  # right, and very sure of it
plain = nn.CrossEntropyLoss()(confident, classes)
smoothed = nn.CrossEntropyLoss(label_smoothing=EPSILON)(confident, classes)
print(f"confident and right: plain {plain.item():.4f}, smoothed {smoothed.item():.4f}")

# %% check
assert plain < 1e-6
assert smoothed > 1
