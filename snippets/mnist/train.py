"""Train a small CNN on MNIST to ≥ 99 % test accuracy in two epochs on a CPU.

    python train.py                      # the defaults: 2 epochs, 99 % asserted
    python train.py --epochs 5 --device cuda --tensorboard runs/tb
    python train.py --epochs 20 --stop-after 5 --out runs/mnist   # later: --resume, no --stop-after
    python train.py --epochs 10 --patience 2 --log-interval 100

5 000 of the 60 000 training images are held out for validation: they pick the best epoch and
decide when to stop early. The 10 000 test images are scored once, at the end, with the best
weights.

The whole data set is kept in memory as one normalised tensor (188 MB as float32): slicing
a tensor is much faster than collating 60 000 small samples one by one in a DataLoader.
"""

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
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
MEAN, STD = 0.1307, 0.3081  # pixel mean and std of the MNIST training images
TARGET_ACCURACY = 99.0  # what the default recipe must reach on the 10 000 test images
VALIDATION_SIZE = 5000  # held out from the training images, never trained on
LABEL_SMOOTHING = 0.1


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


def load_mnist(root, device):
    """Both splits as (images, labels): float (N, 1, 28, 28) normalised, int64 (N,)."""
    try:
        train_set = datasets.MNIST(root, train=True, download=True)  # (3)!
        test_set = datasets.MNIST(root, train=False, download=True)
    except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
        reason = " ".join(str(exc).split())  # torchvision's message spans several lines
        sys.exit(
            f"MNIST is not in {root / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
            "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
        )

    def to_tensors(dataset):
        images = dataset.data.unsqueeze(1).float().div(255).sub(MEAN).div(STD)  # (4)!
        return images.to(device), dataset.targets.to(device)

    return to_tensors(train_set), to_tensors(test_set)


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
    return padded[batch, 0, rows, cols].unsqueeze(1)  # a (height × width) window per image


def split_train_validation(images, labels, seed):
    """A seeded random split: (train images, train labels), (validation images, labels)."""
    split_rng = torch.Generator().manual_seed(seed)  # (5)!
    shuffled = torch.randperm(len(images), generator=split_rng).to(images.device)
    validation, train = shuffled[:VALIDATION_SIZE], shuffled[VALIDATION_SIZE:]
    return (images[train], labels[train]), (images[validation], labels[validation])


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
        loss = F.cross_entropy(logits, y, label_smoothing=LABEL_SMOOTHING)  # (6)!
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()  # OneCycleLR steps once per batch, not once per epoch
        total_loss += loss.item() * len(batch)
        history["step_loss"].append(loss.item())
        history["step_accuracy"].append((logits.argmax(1) == y).float().mean().item() * 100)
        if args.log_interval and batch_idx % args.log_interval == 0:
            print(  # (7)!
                f"Train Epoch: {epoch} [{batch_idx * args.batch_size}/{len(images)} "
                f"({100.0 * batch_idx / len(batches):.0f}%)]\tLoss: {loss.item():.6f}"
            )
    return total_loss / len(images)


@torch.no_grad()
def evaluate(model, images, labels, batch_size=1000):
    """Loss, accuracy (%) and every prediction on a whole split."""
    model.eval()  # (8)!
    logits = torch.cat([model(x) for x in images.split(batch_size)])
    predictions = logits.argmax(dim=1)
    loss = F.cross_entropy(logits, labels).item()
    accuracy = (predictions == labels).float().mean().item() * 100
    return loss, accuracy, predictions


def save_checkpoint(path, model, optimizer, scheduler, generator, epoch, history):
    checkpoint = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "epoch": epoch,
        "torch_rng": torch.get_rng_state(),
        "data_rng": generator.get_state(),  # the shuffling and shifts of the next epoch
        "history": history,
    }
    partial = path.with_suffix(".tmp")
    torch.save(checkpoint, partial)
    partial.replace(path)  # (9)!


def plot_learning_curve(history, steps_per_epoch):
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.6))
    # Average over 50 batches (a single batch's numbers are noisy); short runs have fewer.
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


def positive(kind):
    """An argparse type that refuses 0 and negative numbers with a one-line message."""

    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its error message
    return parse


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Train a CNN on MNIST.")
    parser.add_argument("--epochs", type=positive(int), default=2, help="length of the run")
    parser.add_argument("--batch-size", type=positive(int), default=128)
    parser.add_argument("--lr", type=positive(float), default=0.2, help="peak learning rate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", help=f"cpu, cuda, mps, ... (default: {DEVICE})")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
    )
    parser.add_argument(
        "--out", type=Path, help="keep the checkpoint here (default: a temporary folder)"
    )
    parser.add_argument("--resume", action="store_true", help="continue from --out's checkpoint")
    parser.add_argument(
        "--stop-after", type=positive(int), help="stop after this epoch (e.g. a job limit)"
    )
    parser.add_argument(
        "--subset", type=positive(int), help="train on the first N images only (quick runs)"
    )
    parser.add_argument(
        "--patience",
        type=positive(int),
        default=3,
        help="stop after this many epochs without a lower validation loss",
    )
    parser.add_argument(
        "--log-interval", type=positive(int), metavar="K", help="log the loss every K batches"
    )
    parser.add_argument("--tensorboard", type=Path, metavar="DIR", help="also log to TensorBoard")
    args = parser.parse_args(argv)
    if (args.resume or args.stop_after) and args.out is None:
        parser.error("--resume and --stop-after need --out, the folder that keeps the checkpoint")
    # Only the default recipe promises 99 %: other settings are experiments.
    recipe = ("epochs", "batch_size", "lr", "seed", "subset", "stop_after", "patience")
    args.is_default_recipe = all(getattr(args, k) == parser.get_default(k) for k in recipe)
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.out:
        run(args, args.out)
    else:  # no --out: the checkpoint lives in a temporary folder, deleted at the end
        with tempfile.TemporaryDirectory(prefix="mnist-") as scratch:
            run(args, Path(scratch))


def run(args, out):
    device = args.device or DEVICE  # (10)!
    try:
        torch.device(device)
    except RuntimeError:
        sys.exit(f"--device {device}: not a device PyTorch knows (try cpu, cuda or mps).")
    if device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit(f"--device {device} asks for CUDA, but this PyTorch sees no CUDA GPU.")
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)  # data order and shifts

    (all_images, all_labels), (test_images, test_labels) = load_mnist(args.data_dir, device)
    (train_images, train_labels), (val_images, val_labels) = split_train_validation(
        all_images, all_labels, args.seed
    )
    if args.subset:
        train_images, train_labels = train_images[: args.subset], train_labels[: args.subset]
    print(
        f"train images {tuple(train_images.shape)}, validation images {tuple(val_images.shape)}, "
        f"test images {tuple(test_images.shape)}"
    )

    model = Net().to(device)
    print(f"model: {sum(p.numel() for p in model.parameters()):,} parameters")
    steps_per_epoch = -(-len(train_images) // args.batch_size)  # ceiling division
    if args.epochs * steps_per_epoch < 8:  # the one-cycle schedule needs room to rise and fall
        sys.exit(
            f"{len(train_images)} images in batches of {args.batch_size} for {args.epochs} "
            f"epoch(s) is only {args.epochs * steps_per_epoch} optimizer steps; the learning-rate "
            "schedule needs at least 8: use more --subset images, more --epochs or a smaller "
            "--batch-size."
        )
    optimizer = torch.optim.SGD(
        model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=5e-4
    )
    scheduler = torch.optim.lr_scheduler.OneCycleLR(  # (11)!
        optimizer, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch, pct_start=0.25
    )
    # It cycles the momentum too (cycle_momentum=True by default): from 0.95 down to 0.85 while the
    # learning rate rises, back up as it falls. SGD's momentum=0.9 above is already replaced.
    group = optimizer.param_groups[0]
    assert (group["momentum"], group["base_momentum"], group["max_momentum"]) == (0.95, 0.85, 0.95)
    history = {"step_loss": [], "step_accuracy": [], "val_loss": [], "val_accuracy": []}

    out.mkdir(parents=True, exist_ok=True)
    checkpoint_path = out / "checkpoint.pt"
    best_path = out / "best.pt"  # the weights of the epoch with the lowest validation loss
    start_epoch = 1
    if args.resume and not checkpoint_path.exists():
        sys.exit(f"--resume: there is no checkpoint at {checkpoint_path}; check --out.")
    if args.resume:
        checkpoint = torch.load(checkpoint_path, map_location=device, weights_only=True)  # (12)!
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        torch.set_rng_state(checkpoint["torch_rng"])
        generator.set_state(checkpoint["data_rng"])
        history = checkpoint["history"]
        start_epoch = checkpoint["epoch"] + 1
        print(f"resumed after epoch {checkpoint['epoch']}")

    writer = None
    if args.tensorboard:
        try:
            from torch.utils.tensorboard import SummaryWriter  # optional: pip install tensorboard
        except ImportError:
            sys.exit("--tensorboard needs the tensorboard package: pip install tensorboard")
        writer = SummaryWriter(args.tensorboard)

    def epochs_without_improvement():  # since the lowest validation loss so far
        losses = history["val_loss"]
        return len(losses) - 1 - losses.index(min(losses)) if losses else 0

    last_epoch = min(args.epochs, args.stop_after or args.epochs)
    epoch = start_epoch - 1
    while epoch < last_epoch and epochs_without_improvement() < args.patience:  # (13)!
        epoch += 1
        start = time.perf_counter()
        train_loss = train(
            model, train_images, train_labels, optimizer, scheduler, generator, args, history, epoch
        )
        val_loss, val_accuracy, _ = evaluate(model, val_images, val_labels)  # (14)!
        seconds = time.perf_counter() - start
        history["val_loss"].append(val_loss)
        history["val_accuracy"].append(val_accuracy)
        if epochs_without_improvement() == 0:  # a new best: keep its weights
            torch.save(model.state_dict(), best_path.with_suffix(".tmp"))
            best_path.with_suffix(".tmp").replace(best_path)
        save_checkpoint(checkpoint_path, model, optimizer, scheduler, generator, epoch, history)
        print(
            f"epoch {epoch}/{args.epochs}  train loss {train_loss:.4f}  "
            f"val loss {val_loss:.4f}  val accuracy {val_accuracy:.2f}%  {seconds:.1f} s"
        )
        if writer:
            step = epoch * steps_per_epoch
            writer.add_scalar("loss/train", train_loss, step)
            writer.add_scalar("loss/val", val_loss, step)
            writer.add_scalar("accuracy/val", val_accuracy, step)
    if writer:
        writer.close()
    if epoch < args.epochs and epochs_without_improvement() >= args.patience:
        print(f"early stop after epoch {epoch}: no lower val loss in {args.patience} epoch(s)")
    elif epoch < args.epochs:
        print(f"stopped after epoch {last_epoch}; continue with --resume")
        return

    # The checkpoint on disk is the model we just trained, and it loads with weights_only=True.
    saved = torch.load(checkpoint_path, map_location=device, weights_only=True)["model"]
    assert all(torch.equal(saved[k], v) for k, v in model.state_dict().items())

    best_epoch = history["val_loss"].index(min(history["val_loss"])) + 1
    model.load_state_dict(torch.load(best_path, map_location=device, weights_only=True))  # (15)!
    best_val_loss, best_val_accuracy, _ = evaluate(model, val_images, val_labels)
    assert best_val_loss == min(history["val_loss"])  # these are the best epoch's weights
    print(
        f"best epoch {best_epoch}: val loss {best_val_loss:.4f}, "
        f"val accuracy {best_val_accuracy:.2f}%"
    )

    _, accuracy, predictions = evaluate(model, test_images, test_labels)  # (16)!
    correct = (predictions == test_labels).sum().item()
    print(f"test accuracy {accuracy:.2f}% ({correct} of {len(test_labels)} images), scored once")
    if args.is_default_recipe:
        assert accuracy >= TARGET_ACCURACY, f"{accuracy:.2f}% < {TARGET_ACCURACY}%"  # (17)!

    # Why the train loss stays above the test loss: no prediction gets below the entropy of the
    # smoothed target (predicting that target reaches it), and training sees shifted images.
    target = torch.full((10,), LABEL_SMOOTHING / 10)
    target[0] += 1 - LABEL_SMOOTHING  # 0.91 for the true class, 0.01 for each of the others
    floor = F.cross_entropy(target.log()[None], torch.tensor([0]), label_smoothing=LABEL_SMOOTHING)
    torch.testing.assert_close(floor, -(target * target.log()).sum())
    assert floor < min(history["step_loss"])  # not a single batch got below it
    print(f"lowest possible train loss with label_smoothing={LABEL_SMOOTHING}: {floor:.4f}")
    train_images_loss, _, _ = evaluate(model, train_images, train_labels)  # (18)!
    print(f"train images scored like the test images: loss {train_images_loss:.4f}")
    if args.is_default_recipe:
        assert train_images_loss < floor

    # Row = true digit, column = predicted digit: the diagonal holds the correct answers.
    confusion = torch.bincount(test_labels * 10 + predictions, minlength=100).reshape(10, 10)
    confusion = confusion.cpu()
    assert confusion.sum() == len(test_labels) and confusion.trace() == correct
    worst = confusion.clone().fill_diagonal_(0).flatten().argmax().item()
    true_digit, predicted_digit = divmod(worst, 10)
    print(
        f"most frequent mistake: {true_digit} read as {predicted_digit} "
        f"({confusion[true_digit, predicted_digit].item()} times)"
    )

    FIGURES.mkdir(parents=True, exist_ok=True)
    plot_learning_curve(history, steps_per_epoch)
    plot_confusion_matrix(confusion)
    plot_misclassified(test_images, test_labels, predictions)


if __name__ == "__main__":
    main()
