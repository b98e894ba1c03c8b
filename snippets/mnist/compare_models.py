"""Five MNIST models trained the same way: how much does each step up buy?

Logistic regression, a 2-layer MLP, LeNet-5, the ConvNet of the course notes and the CNN of
train.py, each trained for two epochs with the same optimiser, schedule and batches, then
scored on the 10 000 test images.
"""

# %% setup
import os
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torchvision import datasets

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)

# %% check: the device asked for exists
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% data
DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
try:
    train_set = datasets.MNIST(DATA, train=True, download=True)
    test_set = datasets.MNIST(DATA, train=False, download=True)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())  # torchvision's message spans several lines
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )

MEAN, STD = 0.1307, 0.3081
EPOCHS, BATCH_SIZE, LR = 2, 128, 0.1  # a peak LR that LeNet-5, without BatchNorm, survives


def to_tensors(dataset):
    images = dataset.data.unsqueeze(1).float().div(255).sub(MEAN).div(STD)
    return images.to(DEVICE), dataset.targets.to(DEVICE)


train_images, train_labels = to_tensors(train_set)
test_images, test_labels = to_tensors(test_set)


# %% simple-models
def logistic_regression():
    return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10))  # (1)!


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 256), nn.ReLU(), nn.Linear(256, 10))


def lenet5():
    return nn.Sequential(  # (2)!
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(), nn.MaxPool2d(2),  # 28 → 14
        nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),  # 14 → 10 → 5
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10),
    )  # fmt: skip


# %% notes-convnet
def notes_conv_block(in_channels, out_channels):
    return nn.Sequential(  # conv 3×3 (padding 1 keeps the size) – ReLU – halve with max-pooling
        nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


def notes_convnet():  # (1)!
    return nn.Sequential(
        notes_conv_block(1, 32), notes_conv_block(32, 64),  # 28 → 14 → 7
        nn.Flatten(),
        nn.Linear(7 * 7 * 64, 1024), nn.ReLU(inplace=True), nn.Dropout(),
        nn.Linear(1024, 256), nn.ReLU(inplace=True), nn.Dropout(),
        nn.Linear(256, 10),
    )  # fmt: skip


# %% our-cnn
def conv_block(in_channels, out_channels):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


def our_cnn():  # the Net of train.py
    return nn.Sequential(
        conv_block(1, 16), conv_block(16, 32), conv_block(32, 64),
        nn.Flatten(), nn.Linear(64 * 3 * 3, 10),
    )  # fmt: skip


# %% fit
def fit(model):
    """Two epochs of SGD + Nesterov, one-cycle; returns the order the images were seen in."""
    optimizer = torch.optim.SGD(
        model.parameters(), lr=LR, momentum=0.9, nesterov=True, weight_decay=5e-4
    )
    steps_per_epoch = -(-len(train_images) // BATCH_SIZE)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=LR, total_steps=EPOCHS * steps_per_epoch, pct_start=0.25
    )
    order_rng = torch.Generator().manual_seed(0)  # (1)!
    orders = []
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(len(train_images), generator=order_rng).to(DEVICE)
        orders.append(order)
        for batch in order.split(BATCH_SIZE):
            loss = F.cross_entropy(model(train_images[batch]), train_labels[batch])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
    return torch.cat(orders).cpu()


# %% test-accuracy
@torch.no_grad()
def test_accuracy(model):
    model.eval()  # Dropout off, BatchNorm on its running statistics
    predictions = torch.cat([model(x).argmax(1) for x in test_images.split(1000)])
    return (predictions == test_labels).float().mean().item() * 100


# %% train-all
models = {
    "logistic regression": logistic_regression,
    "2-layer MLP": mlp,
    "LeNet-5": lenet5,
    "notes' ConvNet": notes_convnet,
    "our CNN": our_cnn,
}
print(f"{'model':<20} {'parameters':>10} {'test accuracy':>14}  training time")
results, orders = {}, {}
for name, build in models.items():
    torch.manual_seed(0)  # every model's initialisation starts from the same seed
    model = build().to(DEVICE)
    parameters = sum(p.numel() for p in model.parameters())
    start = time.perf_counter()
    orders[name] = fit(model)
    if DEVICE.startswith("cuda"):
        torch.cuda.synchronize()  # GPU work is asynchronous: wait before reading the clock
    seconds = time.perf_counter() - start
    accuracy = test_accuracy(model)
    results[name] = (parameters, accuracy)
    print(f"{name:<20} {parameters:>10,} {accuracy:>13.2f}%  {seconds:.1f} s")  # (1)!

# %% same-order
same_order = all(torch.equal(order, orders["our CNN"]) for order in orders.values())
print(f"every model saw the same batch order: {same_order}")

# %% check
assert same_order, "the models were trained on different batch orders"
params = {name: p for name, (p, _) in results.items()}
accuracy = {name: a for name, (_, a) in results.items()}
assert params["logistic regression"] == 28 * 28 * 10 + 10
assert params["2-layer MLP"] == (28 * 28 + 1) * 256 + (256 + 1) * 10
assert params["LeNet-5"] == 61_706  # the usual count for the fully connected LeNet-5


# %% count-by-formula
def conv3x3(c_in, c_out):  # weights and biases
    return c_out * c_in * 3 * 3 + c_out


def linear(n_in, n_out):
    return n_in * n_out + n_out


notes_formula = (
    conv3x3(1, 32) + conv3x3(32, 64)
    + linear(7 * 7 * 64, 1024) + linear(1024, 256) + linear(256, 10)
)  # fmt: skip
first_linear = linear(7 * 7 * 64, 1024)
print(f"notes' ConvNet: {notes_formula:,} parameters, {first_linear:,} in Linear(3136, 1024)")

# %% check
assert params["notes' ConvNet"] == notes_formula == 3_496_074
assert first_linear / notes_formula > 0.9  # one layer holds over 90 % of them
# Fewer parameters, yet more accurate: the CNN has under half of LeNet-5's, and LeNet-5 about
# a third of the MLP's. Logistic regression has the fewest of all, and is the least accurate.
assert params["logistic regression"] == min(params.values())
assert 2 * params["our CNN"] < params["LeNet-5"]
assert params["LeNet-5"] < 0.35 * params["2-layer MLP"]
assert 91 < accuracy["logistic regression"] < 93  # a linear model: far below the rest
assert 97.5 < accuracy["2-layer MLP"] < accuracy["LeNet-5"] < accuracy["our CNN"]
assert accuracy["our CNN"] >= 99.0
# The notes' ConvNet has over a hundred times our CNN's parameters and buys nothing with them:
# it beats the MLP, but lands within half a point of our CNN (which trains faster too).
assert params["notes' ConvNet"] == max(params.values()) > 100 * params["our CNN"]
assert accuracy["2-layer MLP"] < accuracy["notes' ConvNet"]
assert abs(accuracy["notes' ConvNet"] - accuracy["our CNN"]) < 0.5
