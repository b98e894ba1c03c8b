"""Train a small CNN on MNIST to ≥ 99 % test accuracy in two epochs on a CPU.

    python train.py                      # the defaults: 2 epochs, at least 99 % expected
    python train.py --epochs 5 --device cuda --tensorboard runs/tb
    python train.py --epochs 20 --stop-after 5 --out runs/mnist   # later: --resume, no --stop-after
    python train.py --epochs 10 --patience 2 --log-interval 100

5 000 of the 60 000 training images are held out for validation: they pick the best epoch and
decide when to stop early. The 10 000 test images are scored once, at the end, with the best
weights.

The whole data set is kept in memory as one normalised tensor (188 MB as float32): slicing
a tensor is much faster than collating 60 000 small samples one by one in a DataLoader.
"""

# %% imports
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn
from torchvision import datasets
from tqdm import tqdm

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))  # where the three figures go

# %% check: the device asked for exists
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )


# %% options
def positive(kind):
    """An argparse type that refuses 0 and negative numbers with a one-line message."""

    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its error message
    return parse


def recipe_options(parser):
    parser.add_argument("--epochs", type=positive(int), default=2, help="length of the run")
    parser.add_argument("--batch-size", type=positive(int), default=128)
    parser.add_argument("--lr", type=positive(float), default=0.2, help="peak learning rate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--subset", type=positive(int), help="train on the first N images only")
    parser.add_argument(
        "--patience", type=positive(int), default=3, help="epochs without a lower val loss"
    )


# %% more-options
def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Train a CNN on MNIST.")
    recipe_options(parser)
    parser.add_argument("--device", help=f"cpu, cuda, mps, ... (default: {DEVICE})")
    data = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
    parser.add_argument("--data-dir", type=Path, default=data)
    parser.add_argument("--out", type=Path, help="keep the checkpoint here (default: a temp dir)")
    parser.add_argument("--resume", action="store_true", help="continue from --out's checkpoint")
    parser.add_argument("--stop-after", type=positive(int), help="stop after this epoch")
    parser.add_argument("--log-interval", type=positive(int), metavar="K", help="log every K")
    parser.add_argument("--tensorboard", type=Path, metavar="DIR", help="also log to TensorBoard")
    args = parser.parse_args(argv)
    if (args.resume or args.stop_after) and args.out is None:
        parser.error("--resume and --stop-after need --out, the folder that keeps the checkpoint")
    recipe = ("epochs", "batch_size", "lr", "seed", "subset", "stop_after", "patience")
    args.is_default_recipe = all(getattr(args, k) == parser.get_default(k) for k in recipe)
    return args


# %% try-options
example = parse_args(["--epochs", "5", "--lr", "0.1"])  # as if typed after `python train.py`
print(f"{example.epochs = }, {example.lr = }, {example.batch_size = }")
print(f"{example.is_default_recipe = }, {parse_args([]).is_default_recipe = }")
try:
    positive(int)("0")  # what argparse calls for `--epochs 0`
except argparse.ArgumentTypeError as err:
    print("ArgumentTypeError:", err)


# %% device
def pick_device(requested):
    device = requested or DEVICE  # (1)!
    try:
        torch.device(device)
    except RuntimeError:
        sys.exit(f"--device {device}: not a device PyTorch knows (try cpu, cuda or mps).")
    if device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit(f"--device {device} asks for CUDA, but this PyTorch sees no CUDA GPU.")
    return device


# %% try-device
print(pick_device("cpu"))
try:
    pick_device("tpu")
except SystemExit as err:  # sys.exit raises SystemExit: caught here to show its message
    print(err)


# %% check
_defaults = parse_args([])
assert (_defaults.epochs, _defaults.batch_size, _defaults.lr) == (2, 128, 0.2)
assert _defaults.is_default_recipe and not parse_args(["--epochs", "3"]).is_default_recipe


# %% data-as-tensors
MEAN, STD = 0.1307, 0.3081  # pixel mean and std of the MNIST training images


def load_mnist(root, device):
    """Both splits as (images, labels): float (N, 1, 28, 28) normalised, int64 (N,)."""
    try:
        train_set = datasets.MNIST(root, train=True, download=True)  # (1)!
        test_set = datasets.MNIST(root, train=False, download=True)
    except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
        reason = " ".join(str(exc).split())  # torchvision's message spans several lines
        sys.exit(
            f"MNIST is not in {root / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
            "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
        )

    def to_tensors(dataset):
        images = dataset.data.unsqueeze(1).float().div(255).sub(MEAN).div(STD)  # (2)!
        return images.to(device), dataset.targets.to(device)

    return to_tensors(train_set), to_tensors(test_set)


# %% try-data
(images, labels), (test_images, test_labels) = load_mnist(parse_args(sys.argv[1:]).data_dir, "cpu")
print(f"{images.shape = }, {images.dtype = }, {labels[:8] = }")
print(f"mean {images.mean():.4f}, std {images.std():.4f}")
print(f"{images.nelement() * images.element_size() / 1e6:.0f} MB")
del images, labels, test_images, test_labels  # main() loads them again, on its device


# %% validation-split
VALIDATION_SIZE = 5000  # held out from the training images, never trained on


def split_train_validation(images, labels, seed):
    """A seeded random split: (train images, train labels), (validation images, labels)."""
    split_rng = torch.Generator().manual_seed(seed)  # (1)!
    shuffled = torch.randperm(len(images), generator=split_rng).to(images.device)  # (2)!
    validation, train = shuffled[:VALIDATION_SIZE], shuffled[VALIDATION_SIZE:]
    return (images[train], labels[train]), (images[validation], labels[validation])


# %% try-validation-split
numbers = torch.arange(60_000)  # stand-ins for the 60 000 training images
for seed in (0, 0, 1):
    (train_part, _), (validation_part, _) = split_train_validation(numbers, numbers, seed)
    print(f"seed {seed}: {len(train_part)} + {len(validation_part)}, {validation_part[:4] = }")


# %% prepare-data
def prepare_data(args, device):
    (all_images, all_labels), test = load_mnist(args.data_dir, device)
    train, validation = split_train_validation(all_images, all_labels, args.seed)
    if args.subset:
        train = train[0][: args.subset], train[1][: args.subset]
    shapes = [tuple(images.shape) for images, _ in (train, validation, test)]
    print("train images {}, validation images {}, test images {}".format(*shapes))
    return train, validation, test


# %% check
_numbers = torch.arange(6000)
(_train, _), (_validation, _) = split_train_validation(_numbers, _numbers, seed=0)
assert (len(_train), len(_validation)) == (6000 - VALIDATION_SIZE, VALIDATION_SIZE)
assert sorted(torch.cat([_train, _validation]).tolist()) == _numbers.tolist()  # no overlap
assert torch.equal(split_train_validation(_numbers, _numbers, seed=0)[1][0], _validation)


# %% model
def conv_block(in_channels, out_channels):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False),  # (1)!
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


class Net(nn.Module):
    """Three Conv-BN-ReLU-MaxPool blocks (28 → 14 → 7 → 3 pixels) and one linear layer."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(conv_block(1, 16), conv_block(16, 32), conv_block(32, 64))
        self.classifier = nn.Linear(64 * 3 * 3, 10)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))  # (2)!


# %% try-model
two_images = torch.zeros(2, 1, 28, 28)
print(f"{Net().features(two_images).shape = }, {Net()(two_images).shape = }")


# %% random-shifts
def random_shift(images, max_shift, generator):
    """Move every image by its own random offset of up to ±max_shift pixels in x and y."""
    n, _, height, width = images.shape
    background = -MEAN / STD  # a black pixel after normalisation
    padded = F.pad(images, [max_shift] * 4, value=background)
    offsets = torch.randint(0, 2 * max_shift + 1, (2, n, 1), generator=generator)
    offsets = offsets.to(images.device)
    rows = (offsets[0] + torch.arange(height, device=images.device))[:, :, None]  # (n, H, 1)
    cols = (offsets[1] + torch.arange(width, device=images.device))[:, None, :]  # (n, 1, W)
    batch = torch.arange(n, device=images.device)[:, None, None]
    return padded[batch, 0, rows, cols].unsqueeze(1)  # (1)!


# %% try-random-shifts
black = -MEAN / STD
squares = torch.full((4, 1, 28, 28), black)
squares[:, :, 12:16, 12:16] = 1.0  # a bright 4 × 4 square: rows and columns 12 to 15
shifted = random_shift(squares, max_shift=2, generator=torch.Generator().manual_seed(0))
for image in shifted[:, 0]:
    rows, cols = (image > black).nonzero().T  # where the square is now
    print(f"rows {rows.min()} to {rows.max()}, columns {cols.min()} to {cols.max()}")


# %% check
_images = torch.randn(3, 1, 28, 28)
assert torch.equal(random_shift(_images, 0, torch.Generator()), _images)  # 0 pixels: unchanged
_shifted = random_shift(_images, 2, torch.Generator().manual_seed(0))
assert _shifted.shape == _images.shape and not torch.equal(_shifted, _images)
_inner = _images[:, :, 2:-2, 2:-2]  # every shift keeps this centre, somewhere in the window
for _one, _centre in zip(_shifted, _inner, strict=True):
    _windows = _one[0].unfold(0, 24, 1).unfold(1, 24, 1)  # all 24 × 24 crops
    assert (_windows == _centre[0]).flatten(2).all(2).any()


# %% label-smoothing
LABEL_SMOOTHING = 0.1


def smoothed_loss_floor():
    """The lowest loss label smoothing allows: the entropy of the smoothed target."""
    target = torch.full((10,), LABEL_SMOOTHING / 10)
    target[0] += 1 - LABEL_SMOOTHING  # 0.91 for the true class, 0.01 for each of the others
    return F.cross_entropy(target.log()[None], torch.tensor([0]), label_smoothing=LABEL_SMOOTHING)


# %% try-label-smoothing
zero = torch.tensor([0])  # the true class of a one-image batch
for score in (2.0, 4.5, 10.0):  # how much higher the model scores class 0 than the rest
    logits = torch.zeros(1, 10)
    logits[0, 0] = score
    plain = F.cross_entropy(logits, zero)
    smoothed = F.cross_entropy(logits, zero, label_smoothing=LABEL_SMOOTHING)
    print(f"score {score:4}: plain loss {plain:.4f}, smoothed loss {smoothed:.4f}")
print(f"floor {smoothed_loss_floor():.4f}")


# %% check
_target = torch.tensor([0.91] + [0.01] * 9)
torch.testing.assert_close(smoothed_loss_floor(), -(_target * _target.log()).sum())
_logits = torch.randn(100, 10)  # any prediction at all stays above the floor
_loss = F.cross_entropy(_logits, torch.randint(0, 10, (100,)), label_smoothing=LABEL_SMOOTHING)
assert _loss > smoothed_loss_floor()


# %% train-one-epoch
def train(model, images, labels, optimizer, scheduler, generator, args, history, epoch):
    """One pass over the training images in a fresh random order; returns the mean loss."""
    model.train()
    order = torch.randperm(len(images), generator=generator).to(images.device)
    batches = order.split(args.batch_size)
    total_loss = 0.0
    quiet = args.log_interval is not None or not sys.stderr.isatty()  # one progress display
    for batch_idx, batch in enumerate(tqdm(batches, desc="train", leave=False, disable=quiet)):
        x = random_shift(images[batch], max_shift=2, generator=generator)
        y = labels[batch]
        logits = model(x)
        loss = F.cross_entropy(logits, y, label_smoothing=LABEL_SMOOTHING)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()  # OneCycleLR steps once per batch, not once per epoch
        total_loss += loss.item() * len(batch)
        history["step_loss"].append(loss.item())
        history["step_accuracy"].append((logits.argmax(1) == y).float().mean().item() * 100)
        if args.log_interval and batch_idx % args.log_interval == 0:
            print(  # (1)!
                f"Train Epoch: {epoch} [{batch_idx * args.batch_size}/{len(images)} "
                f"({100.0 * batch_idx / len(batches):.0f}%)]\tLoss: {loss.item():.6f}"
            )
    return total_loss / len(images)


# %% evaluate
@torch.no_grad()
def evaluate(model, images, labels, batch_size=1000):
    """Loss, accuracy (%) and every prediction on a whole split."""
    model.eval()  # (1)!
    logits = torch.cat([model(x) for x in images.split(batch_size)])
    predictions = logits.argmax(dim=1)
    loss = F.cross_entropy(logits, labels).item()
    accuracy = (predictions == labels).float().mean().item() * 100
    return loss, accuracy, predictions


# %% one-cycle
def make_optimizer(model, args, steps_per_epoch):
    total_steps = args.epochs * steps_per_epoch
    if total_steps < 8:  # the one-cycle schedule needs room to rise and fall
        sys.exit(
            f"{args.epochs} epoch(s) of {steps_per_epoch} batches is only {total_steps} "
            "optimizer steps; the learning-rate schedule needs at least 8: use more --subset "
            "images, more --epochs or a smaller --batch-size."
        )
    optimizer = torch.optim.SGD(
        model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=5e-4
    )
    scheduler = torch.optim.lr_scheduler.OneCycleLR(  # (1)!
        optimizer, max_lr=args.lr, total_steps=total_steps, pct_start=0.25
    )
    return optimizer, scheduler


# %% try-one-cycle
optimizer, scheduler = make_optimizer(nn.Linear(2, 2), parse_args([]), steps_per_epoch=100)
for step in range(200):  # 2 epochs of 100 batches
    if step in (0, 25, 49, 100, 150, 199):
        group = optimizer.param_groups[0]
        print(f"step {step:3}: lr {group['lr']:.4f}, momentum {group['momentum']:.3f}")
    optimizer.step()  # no gradients here: only the schedule moves
    scheduler.step()


# %% check
_optimizer, _scheduler = make_optimizer(nn.Linear(2, 2), parse_args([]), steps_per_epoch=100)
_group = _optimizer.param_groups[0]
assert (_group["momentum"], _group["base_momentum"], _group["max_momentum"]) == (0.95, 0.85, 0.95)
_lrs = [_group["lr"]]
for _ in range(199):  # 2 epochs of 100 steps: 200 learning rates
    _optimizer.step()
    _scheduler.step()
    _lrs.append(_group["lr"])
assert abs(_lrs[0] - 0.2 / 25) < 1e-12  # it starts at max_lr / 25
assert max(_lrs) == _lrs[49] == 0.2 and _lrs[-1] < 1e-5  # peaks a quarter of the way in


# %% checkpoints
def save_atomically(state, path):
    partial = path.with_suffix(".tmp")
    torch.save(state, partial)
    partial.replace(path)  # (1)!


def save_checkpoint(out, model, optimizer, scheduler, generator, epoch, history):
    checkpoint = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "epoch": epoch,
        "torch_rng": torch.get_rng_state(),
        "data_rng": generator.get_state(),  # the shuffling and shifts of the next epoch
        "history": history,
    }
    save_atomically(checkpoint, out / "checkpoint.pt")


# %% try-atomic-save
class Interrupted:
    def __reduce__(self):  # torch.save calls this while writing: fail there, like Ctrl+C
        raise KeyboardInterrupt


with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "checkpoint.pt"
    save_atomically({"epoch": 1}, path)
    try:
        save_atomically({"epoch": 2, "interrupt": Interrupted()}, path)
    except KeyboardInterrupt:
        print("the save of epoch 2 was interrupted halfway")
    print(sorted(p.name for p in Path(folder).iterdir()))
    print(torch.load(path, weights_only=True))


# %% resume
def resume(out, device, model, optimizer, scheduler, generator):
    """Load the checkpoint into the run; returns (history, the last epoch it trained)."""
    path = out / "checkpoint.pt"
    if not path.exists():
        sys.exit(f"--resume: there is no checkpoint at {path}; check --out.")
    checkpoint = torch.load(path, map_location=device, weights_only=True)  # (1)!
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    torch.set_rng_state(checkpoint["torch_rng"])
    generator.set_state(checkpoint["data_rng"])
    print(f"resumed after epoch {checkpoint['epoch']}")
    return checkpoint["history"], checkpoint["epoch"]


# %% try-resume
with tempfile.TemporaryDirectory() as folder:
    model, generator = Net(), torch.Generator().manual_seed(0)
    optimizer, scheduler = make_optimizer(model, parse_args([]), steps_per_epoch=100)
    history = {"val_loss": [0.4, 0.3, 0.2]}
    save_checkpoint(Path(folder), model, optimizer, scheduler, generator, 3, history)
    print("next shuffle, going on:     ", torch.randperm(6, generator=generator).tolist())

    fresh, fresh_generator = Net(), torch.Generator()  # a new run, as after a restart
    fresh_optimizer, fresh_scheduler = make_optimizer(fresh, parse_args([]), steps_per_epoch=100)
    parts = fresh, fresh_optimizer, fresh_scheduler, fresh_generator
    restored_history, last_epoch = resume(Path(folder), "cpu", *parts)
    print("next shuffle, after resume: ", torch.randperm(6, generator=fresh_generator).tolist())
    print(f"{restored_history = }, {last_epoch = }")


# %% check
import contextlib
import io

with tempfile.TemporaryDirectory() as _folder:
    _model, _out = Net(), Path(_folder)
    _optimizer, _scheduler = make_optimizer(_model, parse_args([]), steps_per_epoch=100)
    _history = {"val_loss": [0.5, 0.25]}
    save_checkpoint(_out, _model, _optimizer, _scheduler, torch.Generator(), 2, _history)
    assert [p.name for p in Path(_folder).iterdir()] == ["checkpoint.pt"]  # no .tmp left
    # weights_only=True: the checkpoint holds only tensors, numbers, lists and dicts
    _saved = torch.load(_out / "checkpoint.pt", weights_only=True)
    assert all(torch.equal(_saved["model"][k], v) for k, v in _model.state_dict().items())
    _fresh = Net()
    _optimizer, _scheduler = make_optimizer(_fresh, parse_args([]), steps_per_epoch=100)
    with contextlib.redirect_stdout(io.StringIO()):  # a check prints nothing
        _restored = resume(_out, "cpu", _fresh, _optimizer, _scheduler, torch.Generator())
    assert _restored == (_history, 2)
    assert all(torch.equal(_fresh.state_dict()[k], v) for k, v in _model.state_dict().items())


# %% tensorboard
def open_tensorboard(folder):
    """A SummaryWriter for --tensorboard DIR, or None; the package is optional."""
    if folder is None:
        return None
    try:
        from torch.utils.tensorboard import SummaryWriter  # (1)!
    except ImportError:
        sys.exit("--tensorboard needs the tensorboard package: pip install tensorboard")
    return SummaryWriter(folder)


def log_epoch(writer, step, train_loss, val_loss, val_accuracy):
    if writer:
        writer.add_scalar("loss/train", train_loss, step)
        writer.add_scalar("loss/val", val_loss, step)
        writer.add_scalar("accuracy/val", val_accuracy, step)


# %% try-tensorboard
class PrintingWriter:  # stands in for a SummaryWriter: prints what it is given
    def add_scalar(self, tag, value, step):
        print(f"add_scalar({tag!r}, {value}, {step})")


print(f"{open_tensorboard(None) = }")  # no --tensorboard: no writer, log_epoch does nothing
log_epoch(PrintingWriter(), 430, train_loss=0.69, val_loss=0.18, val_accuracy=98.4)


# %% early-stopping
def epochs_without_improvement(history):
    """Epochs since the lowest validation loss so far (0: the last epoch is the best)."""
    losses = history["val_loss"]
    return len(losses) - 1 - losses.index(min(losses)) if losses else 0


def finished(args, epoch, history):
    """Say why training ended; False when --stop-after cut it short (to resume later)."""
    if epoch < args.epochs and epochs_without_improvement(history) >= args.patience:
        print(f"early stop after epoch {epoch}: no lower val loss in {args.patience} epoch(s)")
    elif epoch < args.epochs:
        print(f"stopped after epoch {epoch}; continue with --resume")
        return False
    return True


# %% try-early-stopping
val_losses = [0.40, 0.30, 0.35, 0.30, 0.33, 0.29]
patience = 3  # the default --patience
for epoch in range(1, len(val_losses) + 1):
    waited = epochs_without_improvement({"val_loss": val_losses[:epoch]})
    print(f"after epoch {epoch}: val loss {val_losses[epoch - 1]:.2f}, {waited} without a new low")
    if waited >= patience:  # the same test as the loop in fit() below
        print(f"stop: no lower val loss in {patience} epochs")
        break


# %% check
assert epochs_without_improvement({"val_loss": []}) == 0
assert epochs_without_improvement({"val_loss": [0.4, 0.3, 0.35, 0.3]}) == 2  # a tie: no better
_args = parse_args(["--epochs", "9", "--patience", "2"])
with contextlib.redirect_stdout(io.StringIO()) as _said:  # a check prints nothing
    assert finished(_args, 4, {"val_loss": [0.4, 0.3, 0.35, 0.3]})
    assert not finished(_args, 3, {"val_loss": [0.4, 0.3, 0.35]})  # --stop-after 3
    assert finished(_args, 9, {"val_loss": [0.4, 0.3, 0.35, 0.3]})
assert _said.getvalue().splitlines()[0].startswith("early stop after epoch 4")


# %% fit
def fit(model, optimizer, scheduler, generator, data, args, history, epoch, out, writer):
    """Train epoch after epoch; returns the last epoch trained."""
    (train_images, train_labels), (val_images, val_labels) = data
    last_epoch = min(args.epochs, args.stop_after or args.epochs)
    while epoch < last_epoch and epochs_without_improvement(history) < args.patience:  # (1)!
        epoch += 1
        start = time.perf_counter()
        parts = model, train_images, train_labels, optimizer, scheduler, generator
        train_loss = train(*parts, args, history, epoch)
        val_loss, val_accuracy, _ = evaluate(model, val_images, val_labels)  # (2)!
        seconds = time.perf_counter() - start
        history["val_loss"].append(val_loss)
        history["val_accuracy"].append(val_accuracy)
        if epochs_without_improvement(history) == 0:  # a new best: keep its weights
            save_atomically(model.state_dict(), out / "best.pt")
        save_checkpoint(out, model, optimizer, scheduler, generator, epoch, history)
        print(
            f"epoch {epoch}/{args.epochs}  train loss {train_loss:.4f}  "
            f"val loss {val_loss:.4f}  val accuracy {val_accuracy:.2f}%  {seconds:.1f} s"
        )
        steps_per_epoch = -(-len(train_images) // args.batch_size)
        log_epoch(writer, epoch * steps_per_epoch, train_loss, val_loss, val_accuracy)
    return epoch


# %% test-once
def test_best(model, out, device, validation, test, history):
    """Load the best epoch's weights and score the test images with them, once."""
    best_epoch = history["val_loss"].index(min(history["val_loss"])) + 1
    model.load_state_dict(torch.load(out / "best.pt", map_location=device, weights_only=True))
    best_val_loss, best_val_accuracy, _ = evaluate(model, *validation)  # (1)!
    print(
        f"best epoch {best_epoch}: val loss {best_val_loss:.4f}, "
        f"val accuracy {best_val_accuracy:.2f}%"
    )
    test_images, test_labels = test
    _, accuracy, predictions = evaluate(model, test_images, test_labels)  # (2)!
    correct = (predictions == test_labels).sum().item()
    print(f"test accuracy {accuracy:.2f}% ({correct} of {len(test_labels)} images), scored once")
    return best_val_loss, accuracy, predictions


# %% train-loss-floor
def explain_train_loss(model, train_images, train_labels):
    """The floor label smoothing puts under the train loss, and the train images scored plainly."""
    floor = smoothed_loss_floor()
    print(f"lowest possible train loss with label_smoothing={LABEL_SMOOTHING}: {floor:.4f}")
    train_images_loss, _, _ = evaluate(model, train_images, train_labels)  # (1)!
    print(f"train images scored like the test images: loss {train_images_loss:.4f}")
    return floor, train_images_loss


# %% most-frequent-mistake
def most_frequent_mistake(labels, predictions):
    # Row = true digit, column = predicted digit: the diagonal holds the correct answers.
    confusion = torch.bincount(labels * 10 + predictions, minlength=100).reshape(10, 10).cpu()
    worst = confusion.clone().fill_diagonal_(0).flatten().argmax().item()
    true_digit, predicted_digit = divmod(worst, 10)
    print(
        f"most frequent mistake: {true_digit} read as {predicted_digit} "
        f"({confusion[true_digit, predicted_digit].item()} times)"
    )
    return confusion


# %% try-most-frequent-mistake
true_digits = torch.tensor([5, 5, 5, 3, 8, 7])
predicted = torch.tensor([3, 3, 5, 3, 8, 1])
confusion = most_frequent_mistake(true_digits, predicted)
print(f"how the 5s were read: {confusion[5].tolist()}")


# %% learning-curve
def plot_learning_curve(history, steps_per_epoch):
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.6))
    # Average over 50 batches (one batch is noisy); short runs have fewer.
    window = min(50, len(history["step_loss"]))
    kernel = torch.ones(window) / window
    for ax, key in ((ax_loss, "step_loss"), (ax_acc, "step_accuracy")):
        values = torch.tensor(history[key])
        smooth = torch.conv1d(values[None, None], kernel[None, None])[0, 0]
        label = f"train ({window}-batch mean)"
        ax.plot(torch.arange(window, len(values) + 1).numpy(), smooth.numpy(), label=label)
        ax.set_xlabel("step")
    epoch_ends = [steps_per_epoch * (i + 1) for i in range(len(history["val_accuracy"]))]
    ax_loss.plot(epoch_ends, history["val_loss"], "o-", label="validation")
    ax_acc.plot(epoch_ends, history["val_accuracy"], "o-", label="validation")
    ax_loss.set(ylabel="cross-entropy", yscale="log", title="loss")
    ax_acc.set(ylabel="accuracy (%)", ylim=(90, 100), title="accuracy")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(
        FIGURES / "mnist_learning_curve.png", dpi=110, bbox_inches="tight", facecolor="white"
    )
    plt.close(fig)


# %% confusion-figure
def plot_confusion_matrix(confusion):
    fig, ax = plt.subplots(figsize=(5.2, 4.6))
    off_diagonal = confusion.clone().fill_diagonal_(0)  # colour the mistakes, not the hits
    image = ax.imshow(off_diagonal.numpy(), cmap="Oranges")  # a tensor here warns under NumPy 2
    for true in range(10):
        for pred in range(10):
            count = confusion[true, pred].item()
            if count:
                color = "gray" if true == pred else "black"
                ax.text(pred, true, count, ha="center", va="center", fontsize=7, color=color)
    ax.set(xticks=range(10), yticks=range(10), xlabel="predicted", ylabel="true")
    ax.set_title("confusion matrix (10 000 test images)")
    fig.colorbar(image, ax=ax, label="mistakes")
    fig.savefig(FIGURES / "mnist_confusion.png", dpi=110, bbox_inches="tight", facecolor="white")
    plt.close(fig)


# %% misclassified-figure
def plot_misclassified(images, labels, predictions, count=24):
    wrong = (predictions != labels).nonzero().flatten()[:count].cpu()
    fig, axes = plt.subplots(3, 8, figsize=(10, 4.2))
    for ax, index in zip(axes.flat, wrong.tolist(), strict=False):
        ax.imshow((images[index, 0].cpu() * STD + MEAN).numpy(), cmap="gray_r")
        ax.set_title(f"{labels[index].item()} → {predictions[index].item()}", fontsize=10)
    for ax in axes.flat:
        ax.axis("off")
    fig.suptitle("misclassified test digits (true → predicted)")
    fig.savefig(
        FIGURES / "mnist_misclassified.png", dpi=110, bbox_inches="tight", facecolor="white"
    )
    plt.close(fig)


# %% finish
def finish(model, out, device, train_set, validation, test, history, steps_per_epoch):
    """The one test with the best weights, the train loss explained, and the three figures."""
    best_val_loss, accuracy, predictions = test_best(model, out, device, validation, test, history)
    floor, train_images_loss = explain_train_loss(model, *train_set)
    confusion = most_frequent_mistake(test[1], predictions)
    FIGURES.mkdir(parents=True, exist_ok=True)
    plot_learning_curve(history, steps_per_epoch)
    plot_confusion_matrix(confusion)
    plot_misclassified(*test, predictions)
    return {
        "history": history,
        "best_val_loss": best_val_loss,
        "accuracy": accuracy,
        "floor": floor,
        "train_images_loss": train_images_loss,
        "correct": (predictions == test[1]).sum().item(),
        "confusion": confusion,
    }


# %% run
def run(args, out):
    """One training run with its checkpoint in `out`; returns what `finish` found."""
    device = pick_device(args.device)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)  # data order and shifts
    train_set, validation, test = prepare_data(args, device)
    model = Net().to(device)
    print(f"model: {sum(p.numel() for p in model.parameters()):,} parameters")
    steps_per_epoch = -(-len(train_set[0]) // args.batch_size)  # ceiling division
    optimizer, scheduler = make_optimizer(model, args, steps_per_epoch)
    history = {"step_loss": [], "step_accuracy": [], "val_loss": [], "val_accuracy": []}
    out.mkdir(parents=True, exist_ok=True)
    epoch = 0  # the last epoch trained
    if args.resume:
        history, epoch = resume(out, device, model, optimizer, scheduler, generator)
    writer = open_tensorboard(args.tensorboard)
    data = train_set, validation
    epoch = fit(model, optimizer, scheduler, generator, data, args, history, epoch, out, writer)
    if writer:
        writer.close()
    if not finished(args, epoch, history):
        return None
    return finish(model, out, device, train_set, validation, test, history, steps_per_epoch)


# %% main
def main(argv=None):
    args = parse_args(argv)
    if args.out:
        return args, run(args, args.out)
    with tempfile.TemporaryDirectory(prefix="mnist-") as scratch:  # no --out: deleted at the end
        return args, run(args, Path(scratch))


if __name__ == "__main__":
    args, results = main()

# %% check
if __name__ == "__main__" and results:  # None after --stop-after: nothing tested yet
    history = results["history"]
    assert results["best_val_loss"] == min(history["val_loss"])  # the best epoch's weights
    assert results["floor"] < min(history["step_loss"])  # not a single batch got below it
    confusion = results["confusion"]
    assert confusion.sum() == 10_000 and confusion.trace() == results["correct"]
    if args.is_default_recipe:  # other settings are experiments, with no promise
        assert results["accuracy"] >= 99.0, f"{results['accuracy']:.2f}% < 99%"
        assert results["train_images_loss"] < results["floor"]
