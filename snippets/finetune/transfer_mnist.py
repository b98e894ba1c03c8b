"""A real transfer experiment: pretrain on MNIST digits 0-4, then learn 5-9 from a few labels.

Three ways to learn the new digits, same network, same labels, same number of steps:
fine-tune the pretrained network, train only a new head on frozen pretrained features,
or start from scratch. Writes finetune_transfer.png.
"""

# %% setup
import os
import sys
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn
from torchvision import datasets

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))

# %% check: the device asked for exists
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% settings
PRETRAIN_IMAGES = 12_000  # of the ~30,600 training images of digits 0-4
LABELS_PER_CLASS = (2, 10, 50)  # how many labelled examples of each new digit we get
DRAWS = 2  # results are averaged over this many random picks of the labelled images
TEST_IMAGES = 2_000  # per task: enough to tell the methods apart, quick to evaluate
STEPS, BATCH = 40, 50  # a short training budget, the same for every method
METHODS = ("fine-tuned", "frozen features", "from scratch")


# %% network
class DigitNet(nn.Module):
    def __init__(self, num_classes=5):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 12, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(12, 24, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
        )  # fmt: skip
        self.head = nn.Linear(24 * 7 * 7, num_classes)

    def forward(self, x):
        return self.head(self.features(x))


def as_tensors(dataset, digits, limit=None):
    """The images of the given digits as normalised float tensors, labels renumbered from 0."""
    keep = (dataset.targets >= digits[0]) & (dataset.targets <= digits[-1])
    images = dataset.data[keep][:limit].unsqueeze(1).float().div(255).sub(0.1307).div(0.3081)
    return images.to(DEVICE), (dataset.targets[keep][:limit] - digits[0]).to(DEVICE)


# %% train-and-evaluate
def train(model, images, labels, steps, generator):
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=1e-3)
    model.train()
    for _ in range(steps):
        batch = torch.randperm(len(images), generator=generator)[:BATCH].to(DEVICE)
        loss = nn.functional.cross_entropy(model(images[batch]), labels[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def accuracy(model, images, labels):
    model.eval()
    with torch.inference_mode():
        predictions = torch.cat([model(chunk).argmax(dim=1) for chunk in images.split(500)])
    return (predictions == labels).float().mean().item() * 100


# %% new-model
def new_model(method, pretrained, draw):
    torch.manual_seed(draw)  # within a draw, every method starts from the same random head
    model = DigitNet().to(DEVICE)
    if method == "from scratch":
        return model
    backbone_only = {k: v for k, v in pretrained.items() if not k.startswith("head.")}  # (1)!
    model.load_state_dict(backbone_only, strict=False)
    if method == "frozen features":
        model.features.requires_grad_(False)  # (2)!
    return model


# %% load-mnist
try:
    train_set = datasets.MNIST(DATA, train=True, download=True)
    test_set = datasets.MNIST(DATA, train=False, download=True)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())  # torchvision's message spans several lines
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )
torch.manual_seed(0)
generator = torch.Generator().manual_seed(0)  # batch order and which images get labels

# %% pretrain
# 1. "Pretraining": a network that knows digits 0-4 well, saved like any checkpoint.
old_images, old_labels = as_tensors(train_set, range(0, 5))
old_test_images, old_test_labels = as_tensors(test_set, range(0, 5), limit=TEST_IMAGES)
pick = torch.randperm(len(old_images), generator=generator)[:PRETRAIN_IMAGES].to(DEVICE)
source = DigitNet().to(DEVICE)
train(source, old_images[pick], old_labels[pick], PRETRAIN_IMAGES // BATCH, generator)
source_accuracy = accuracy(source, old_test_images, old_test_labels)
print(f"pretrained on digits 0-4: {source_accuracy:.1f}% test accuracy")
in_convolutions = sum(p.numel() for p in source.features.parameters())
print(f"parameters: {sum(p.numel() for p in source.parameters()):,},", end=" ")
print(f"{in_convolutions:,} of them in the convolutional layers")

# %% check
assert source_accuracy > 95

# %% checkpoint
with tempfile.TemporaryDirectory() as folder:  # not left behind in your folder
    checkpoint = Path(folder) / "digits_0_4.pt"
    torch.save(source.state_dict(), checkpoint)
    pretrained = torch.load(checkpoint, weights_only=True, map_location=DEVICE)  # (1)!

# %% check
for method in METHODS[:2]:  # both pretrained starts: the features loaded, the old head not
    probe = new_model(method, pretrained, draw=0)
    for name, tensor in probe.features.state_dict().items():
        assert torch.equal(tensor, pretrained["features." + name])
    assert not torch.equal(probe.head.weight, pretrained["head.weight"])
trainable = sum(p.numel() for p in probe.parameters() if p.requires_grad)
assert trainable == 5_885 and sum(p.numel() for p in probe.parameters()) == 8_621

# %% experiment
# 2. The new task: digits 5-9, with only a few labelled images per digit.
new_images, new_labels = as_tensors(train_set, range(5, 10))
new_test_images, new_test_labels = as_tensors(test_set, range(5, 10), limit=TEST_IMAGES)
results = {method: [0.0] * len(LABELS_PER_CLASS) for method in METHODS}
for draw in range(DRAWS):
    order = torch.randperm(len(new_images), generator=generator).to(DEVICE)
    for i, per_class in enumerate(LABELS_PER_CLASS):
        # the first `per_class` images of each digit in this draw's shuffled order
        chosen = torch.cat([order[new_labels[order] == d][:per_class] for d in range(5)])
        for method in METHODS:
            model = new_model(method, pretrained, draw)
            train(model, new_images[chosen], new_labels[chosen], STEPS, generator)
            score = accuracy(model, new_test_images, new_test_labels)
            results[method][i] += score / DRAWS

# %% check
frozen_model = new_model("frozen features", pretrained, draw=0)  # trained like the ones above
train(frozen_model, new_images[chosen], new_labels[chosen], STEPS, generator)
for name, tensor in frozen_model.features.state_dict().items():
    assert torch.equal(tensor, pretrained["features." + name])  # untouched by training

# %% results
print(f"test accuracy on digits 5-9 ({len(new_test_labels)} images), mean of {DRAWS} draws")
print(f"after {STEPS} training steps with each method")
print(f"{'labels per digit':>16} " + " ".join(f"{m:>15}" for m in METHODS))
for i, per_class in enumerate(LABELS_PER_CLASS):
    print(f"{per_class:>16} " + " ".join(f"{results[m][i]:>14.1f}%" for m in METHODS))

# %% check
for accuracies in results.values():
    assert accuracies[0] > 2 * 20  # 20% = guessing among 5 digits
    assert accuracies == sorted(accuracies)  # more labels help every method

# %% gains
gains = {
    m: [a - b for a, b in zip(results[m], results["from scratch"], strict=True)] for m in METHODS
}
mean_gain = [sum(gains[m]) / len(gains[m]) for m in METHODS[:2]]
print("gain over from scratch, in points")
print(f"{'labels per digit':>16} " + " ".join(f"{m:>15}" for m in METHODS[:2]))
for i, per_class in enumerate(LABELS_PER_CLASS):
    print(f"{per_class:>16} " + " ".join(f"{gains[m][i]:>+14.1f} " for m in METHODS[:2]))
print(f"{'mean gain':>16} " + " ".join(f"{g:>+14.1f} " for g in mean_gain))
frozen, fine_tuned = results["frozen features"], results["fine-tuned"]
margins = ", ".join(f"{f - t:+.1f}" for f, t in zip(frozen, fine_tuned, strict=True))
print("frozen features minus fine-tuned, in points:", margins)

# %% check
# With the same short budget, both pretrained starts beat a random start at every count
# (comparing the means over the draws).
assert all(g > 0 for m in METHODS[:2] for g in gains[m])

# %% figure
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
for method, marker in zip(METHODS, "os^", strict=True):
    left.plot(LABELS_PER_CLASS, results[method], marker=marker, label=method)
    right.plot(LABELS_PER_CLASS, gains[method], marker=marker, label=method)
left.set_ylabel("test accuracy on digits 5-9 (%)")
right.set_ylabel("gain over from scratch (points)")
for ax in (left, right):
    ax.set_xscale("log")
    ax.set_xticks(LABELS_PER_CLASS, [str(n) for n in LABELS_PER_CLASS])
    ax.minorticks_off()
    ax.set_xlabel("labelled images per new digit")
    ax.grid(alpha=0.3)
left.legend()
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "finetune_transfer.png", dpi=110, bbox_inches="tight", facecolor="white")
