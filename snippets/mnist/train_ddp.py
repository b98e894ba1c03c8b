"""train.py's model and training on several processes with DistributedDataParallel (DDP).

    torchrun --nproc_per_node=2 train_ddp.py   # 2 processes on this machine
    python train_ddp.py                        # the same: it starts torchrun for you

Each process (a "rank") trains a full copy of the model on its own share of every batch;
after each backward pass DDP averages the gradients, so all copies take identical steps.
Unlike train.py, nothing is held out for validation: it trains on all 60 000 training images,
keeps the last epoch, and scores the test images after every epoch without choosing by them.
"""

# %% imports
import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler
from torchvision import datasets
from tqdm import tqdm

# %% device
DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)

MEAN, STD = 0.1307, 0.3081
TARGET_ACCURACY = 99.0

# %% check: the device asked for exists
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )


# %% model
def conv_block(in_channels, out_channels):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


class Net(nn.Module):
    """The CNN of train.py: nothing in the model knows it is distributed."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(conv_block(1, 16), conv_block(16, 32), conv_block(32, 64))
        self.classifier = nn.Linear(64 * 3 * 3, 10)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


# %% data
def load_mnist(root, device):
    try:
        train_set = datasets.MNIST(root, train=True, download=True)
        test_set = datasets.MNIST(root, train=False, download=True)
    except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
        reason = " ".join(str(exc).split())  # torchvision's message spans several lines
        sys.exit(
            f"MNIST is not in {root / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
            "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
        )

    def to_tensors(dataset):
        images = dataset.data.unsqueeze(1).float().div(255).sub(MEAN).div(STD)
        return images.to(device), dataset.targets.to(device)

    return to_tensors(train_set), to_tensors(test_set)


# %% random-shift
def random_shift(images, max_shift, generator):
    """Move every image by its own random offset of up to ±max_shift pixels in x and y."""
    n, _, height, width = images.shape
    padded = F.pad(images, [max_shift] * 4, value=-MEAN / STD)
    offsets = torch.randint(0, 2 * max_shift + 1, (2, n, 1), generator=generator)
    offsets = offsets.to(images.device)
    rows = (offsets[0] + torch.arange(height, device=images.device))[:, :, None]
    cols = (offsets[1] + torch.arange(width, device=images.device))[:, None, :]
    batch = torch.arange(n, device=images.device)[:, None, None]
    return padded[batch, 0, rows, cols].unsqueeze(1)


# %% train
def train(model, images, labels, sampler, optimizer, scheduler, generator, batch_size, rank):
    """One epoch over this rank's share of the images; returns the summed loss (all ranks)."""
    model.train()
    order = torch.tensor(list(sampler), device=images.device)  # this rank's indices
    total_loss = torch.zeros((), device=images.device)
    batches = order.split(batch_size)
    for batch in tqdm(batches, leave=False, disable=rank != 0 or not sys.stderr.isatty()):
        x = random_shift(images[batch], max_shift=2, generator=generator)
        loss = F.cross_entropy(model(x), labels[batch], label_smoothing=0.1)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()  # (1)!
        optimizer.step()
        scheduler.step()
        total_loss += loss.detach() * len(batch)
    dist.all_reduce(total_loss)  # (2)!
    return total_loss.item()


# %% evaluate
@torch.no_grad()
def evaluate(model, images, labels, rank, world_size):
    """Each rank scores every world_size-th test image; the counts are summed over ranks."""
    model.eval()
    mine = slice(rank, None, world_size)
    logits = torch.cat([model(x) for x in images[mine].split(1000)])
    stats = torch.stack(
        [
            F.cross_entropy(logits, labels[mine], reduction="sum"),
            (logits.argmax(1) == labels[mine]).sum().float(),
        ]
    )
    dist.all_reduce(stats)
    loss_sum, correct = stats.tolist()
    return loss_sum / len(labels), correct / len(labels) * 100


def state_digest(model):
    """A fingerprint of every parameter and buffer, bit for bit."""
    digest = hashlib.sha256()
    for name, tensor in model.state_dict().items():
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().numpy().tobytes())
    return digest.hexdigest()[:16]


# %% options
def parse_args():
    parser = argparse.ArgumentParser(description="Train a CNN on MNIST with DDP.")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=128, help="global: summed over ranks")
    parser.add_argument("--lr", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", help=f"cpu or cuda (default: {DEVICE})")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
    )
    parser.add_argument("--out", type=Path, help="save a checkpoint here (default: none)")
    parser.add_argument("--nproc", type=int, default=2, help="processes if not under torchrun")
    parser.add_argument("--subset", type=int, help="train on the first N images only (quick runs)")
    args = parser.parse_args()
    recipe = ("epochs", "batch_size", "lr", "seed", "subset")  # only the default promises 99 %
    args.is_default_recipe = all(getattr(args, k) == parser.get_default(k) for k in recipe)
    return args


# %% launch
def usable_cpus():
    """The logical CPUs this process may run on (its affinity), not all of the machine's."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):  # Linux: honours taskset and a container's cpuset
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # elsewhere: the machine's count


def launch_with_torchrun(args):
    """Started as `python train_ddp.py`: run this same file under torchrun instead."""
    load_mnist(args.data_dir, "cpu")  # (1)!
    command = [
        sys.executable, "-m", "torch.distributed.run", "--standalone",
        f"--nproc_per_node={args.nproc}", __file__, *sys.argv[1:],
    ]  # fmt: skip
    threads = max(1, usable_cpus() // args.nproc)  # share the cores, don't fight over them
    return subprocess.call(command, env=os.environ | {"OMP_NUM_THREADS": str(threads)})


# %% process-group
def join_process_group(args):
    """Run once in every process torchrun starts: (device, local rank, rank, world size)."""
    device = args.device or ("cuda" if DEVICE.startswith("cuda") else "cpu")  # gloo: no MPS
    if device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit(f"--device {device} asks for CUDA, but this PyTorch sees no CUDA GPU.")
    local_rank = int(os.environ["LOCAL_RANK"])  # set by torchrun, like RANK and WORLD_SIZE
    if device.startswith("cuda"):
        device = f"cuda:{local_rank}"  # one GPU per process
        torch.cuda.set_device(device)
    dist.init_process_group("nccl" if device.startswith("cuda") else "gloo")  # (1)!
    rank, world_size = dist.get_rank(), dist.get_world_size()
    if args.batch_size % world_size:  # every rank sees the same numbers, so all stop together
        if rank == 0:
            message = f"--batch-size {args.batch_size} does not split over {world_size} processes."
            print(message, file=sys.stderr)
        dist.destroy_process_group()
        sys.exit(2)
    return device, local_rank, rank, world_size


# %% shared-data
def load_on_every_rank(args, device, local_rank):
    # One process per machine may download; the others wait until the files are there.
    if local_rank != 0:
        dist.barrier()
    train_set, test_set = load_mnist(args.data_dir, device)
    if local_rank == 0:
        dist.barrier()
    if args.subset:
        train_set = train_set[0][: args.subset], train_set[1][: args.subset]
    return train_set, test_set


# %% wrap-model
def build(args, device, rank, world_size, train_images):
    torch.manual_seed(args.seed)  # every rank builds the same initial model...
    model = DistributedDataParallel(Net().to(device))  # (1)!
    generator = torch.Generator().manual_seed(args.seed + rank)  # ...but shifts its own images
    sampler = DistributedSampler(train_images, shuffle=True, seed=args.seed)  # (2)!
    batch_size = args.batch_size // world_size  # per rank, so the global batch stays the same
    steps_per_epoch = -(-len(sampler) // batch_size)
    optimizer = torch.optim.SGD(
        model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=5e-4
    )
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch, pct_start=0.25
    )
    return model, generator, sampler, batch_size, optimizer, scheduler


# %% epochs
def run_epochs(args, rank, world_size, data, parts):
    (train_images, train_labels), (test_images, test_labels) = data
    model, generator, sampler, batch_size, optimizer, scheduler = parts
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        sampler.set_epoch(epoch)  # (1)!
        loss_sum = train(model, train_images, train_labels, sampler, optimizer, scheduler,
                         generator, batch_size, rank)  # fmt: skip
        for buffer in model.module.buffers():  # (2)!
            dist.broadcast(buffer, src=0)
        test_loss, test_accuracy = evaluate(
            model.module, test_images, test_labels, rank, world_size
        )
        if args.out and rank == 0:  # (3)!
            checkpoint = {"model": model.module.state_dict(), "optimizer": optimizer.state_dict(),
                          "scheduler": scheduler.state_dict(), "epoch": epoch}  # fmt: skip
            torch.save(checkpoint, args.out / "checkpoint.pt")
        if rank == 0:  # only rank 0 talks
            print(
                f"epoch {epoch}/{args.epochs}  train loss {loss_sum / len(train_images):.4f}  "
                f"test loss {test_loss:.4f}  test accuracy {test_accuracy:.2f}%  "
                f"{time.perf_counter() - start:.1f} s"
            )
    return test_accuracy


# %% fingerprints
def gather_digests(model, rank, world_size):
    """Every rank fingerprints its own copy; rank 0 prints all of them."""
    digests = [None] * world_size
    dist.all_gather_object(digests, state_digest(model.module))
    if rank == 0:
        for other_rank, digest in enumerate(digests):
            print(f"rank {other_rank} model sha256 {digest}")
    return digests


# %% main
def main():
    args = parse_args()
    if "RANK" not in os.environ:  # (1)!
        sys.exit(launch_with_torchrun(args))
    device, local_rank, rank, world_size = join_process_group(args)
    data = load_on_every_rank(args, device, local_rank)
    parts = build(args, device, rank, world_size, data[0][0])
    if rank == 0:
        per_rank = parts[3]  # the batch size of each process
        print(
            f"{world_size} processes ({dist.get_backend()}), {per_rank} images per process and step"
        )
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
    test_accuracy = run_epochs(args, rank, world_size, data, parts)
    digests = gather_digests(parts[0], rank, world_size)
    if rank == 0 and len(set(digests)) == 1:
        print(f"all {world_size} ranks hold the same model; test accuracy {test_accuracy:.2f}%")
    dist.destroy_process_group()
    return args, digests, test_accuracy


if __name__ == "__main__":
    args, digests, test_accuracy = main()

# %% check
if __name__ == "__main__":  # in every process that torchrun started
    assert len(set(digests)) == 1, f"the ranks' models differ: {digests}"
    if args.is_default_recipe:  # only the default recipe aims for 99 %
        assert test_accuracy >= TARGET_ACCURACY, f"{test_accuracy:.2f}% < {TARGET_ACCURACY}%"
