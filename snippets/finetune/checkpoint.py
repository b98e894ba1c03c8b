"""A full training checkpoint: stop after three epochs, resume, and match an uninterrupted run."""

# %% setup
import tempfile
from pathlib import Path

import torch
from torch import nn

torch.manual_seed(0)
inputs = torch.randn(64, 5)
targets = inputs @ torch.randn(5, 1) + 0.1 * torch.randn(64, 1)
EPOCHS, BATCH = 6, 16


def build():
    """Everything whose state changes during training, created fresh."""
    torch.manual_seed(1)  # same initial weights every time
    model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    shuffler = torch.Generator().manual_seed(2)  # its own RNG for the batch order
    return model, optimizer, scheduler, shuffler


# %% one-epoch
def train_one_epoch(model, optimizer, scheduler, shuffler):
    """Returns the epoch's mean loss and the learning rate it used."""
    lr, losses = optimizer.param_groups[0]["lr"], []
    for batch in torch.randperm(len(inputs), generator=shuffler).split(BATCH):
        loss = nn.functional.mse_loss(model(inputs[batch]), targets[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    scheduler.step()
    return sum(losses) / len(losses), lr


# %% reference
# Reference: six epochs in one go.
model, optimizer, scheduler, shuffler = build()
for _ in range(EPOCHS):
    train_one_epoch(model, optimizer, scheduler, shuffler)
uninterrupted = model.state_dict()

# %% first-run
model, optimizer, scheduler, shuffler = build()
for epoch in range(3):
    loss, lr = train_one_epoch(model, optimizer, scheduler, shuffler)
    print(f"epoch {epoch}  lr {lr:<7g} loss {loss:.4f}")

workdir = tempfile.TemporaryDirectory()  # the checkpoint goes here, not into your folder
path = Path(workdir.name) / "checkpoint.pt"
torch.save(
    {
        "epoch": epoch,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),  # (1)!
        "scheduler": scheduler.state_dict(),  # (2)!
        "shuffler": shuffler.get_state(),
    },
    path,
)
print("saved checkpoint.pt after epoch", epoch)


# %% resume
# Run 2, e.g. the next day: fresh objects, restore every state, continue from the next epoch.
def resume(path, restore_optimizer=True):
    model, optimizer, scheduler, shuffler = build()
    checkpoint = torch.load(path, weights_only=True)  # (1)!
    model.load_state_dict(checkpoint["model"])
    if restore_optimizer:
        optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    shuffler.set_state(checkpoint["shuffler"])
    lrs = []
    for epoch in range(checkpoint["epoch"] + 1, EPOCHS):  # (2)!
        loss, lr = train_one_epoch(model, optimizer, scheduler, shuffler)
        lrs.append(lr)
        if restore_optimizer:
            print(f"epoch {epoch}  lr {lr:<7g} loss {loss:.4f}")
    return model.state_dict(), lrs


resumed, lrs = resume(path)
same = all(torch.equal(resumed[name], uninterrupted[name]) for name in uninterrupted)
print("resumed run == uninterrupted run, bit for bit:", same)

# %% check
assert lrs == [0.005, 0.0025, 0.0025]  # the schedule carries on where it stopped
for name in uninterrupted:
    torch.testing.assert_close(resumed[name], uninterrupted[name], rtol=0, atol=0)

# %% without-optimizer
# Leaving out the optimizer loses SGD's momentum buffers and the decayed lr: the run drifts.
without_optimizer, lrs = resume(path, restore_optimizer=False)
drift = (without_optimizer["2.weight"] - uninterrupted["2.weight"]).abs().max().item()
print(f"without the optimizer state: lr {lrs}, weights differ by up to {drift:.4f}")

# %% check
assert lrs == [0.01, 0.005, 0.005] and drift > 1e-3
workdir.cleanup()
