"""Saving a model: the state_dict (tensors only) versus pickling the whole object."""

import pickle
import re
import tempfile
from pathlib import Path

import torch
from torch import nn

torch.manual_seed(0)


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU())
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        return self.head(self.body(x))


workdir = tempfile.TemporaryDirectory()  # the .pt files go here, not into your folder
folder = Path(workdir.name)

model = TinyNet()
model.train()
model(torch.randn(16, 4))  # one forward in train mode moves the BatchNorm running statistics
model.eval()

# A state_dict maps each parameter AND buffer name to a tensor; the class itself is not in it.
state = model.state_dict()  # (1)!
for name, tensor in state.items():
    print(f"{name:<28} {tuple(tensor.shape)}")
assert list(state) == [
    "body.0.weight",
    "body.0.bias",
    "body.1.weight",
    "body.1.bias",
    "body.1.running_mean",
    "body.1.running_var",
    "body.1.num_batches_tracked",
    "head.weight",
    "head.bias",
]
assert state["body.1.num_batches_tracked"].item() == 1

# The recommended way: save the state_dict, rebuild the model in code, load the tensors back.
torch.save(model.state_dict(), folder / "tiny_net.pt")
restored = TinyNet()  # (2)!
restored.load_state_dict(torch.load(folder / "tiny_net.pt", weights_only=True))  # (3)!
restored.eval()
x = torch.randn(5, 4)
torch.testing.assert_close(restored(x), model(x), rtol=0, atol=0)
print("state_dict round trip: identical outputs")

# Pickling the whole model also stores a reference to the TinyNet class by name...
torch.save(model, folder / "tiny_net_whole.pt")  # (4)!
try:
    torch.load(folder / "tiny_net_whole.pt", weights_only=True)
except pickle.UnpicklingError as exc:
    # The message is long and bolds a phrase with terminal escape codes; keep two plain lines.
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in str(exc).splitlines()]
    reason = next(line for line in lines if line.startswith("WeightsUnpickler error"))
    print(f"{type(exc).__name__}: {lines[0]}")
    print(reason.split(" was not")[0])
    assert "TinyNet" in reason
    assert "add_safe_globals" in reason  # the message names the allowlist way out
else:
    raise AssertionError("weights_only=True should refuse a pickled nn.Module")

# ...and only weights_only=False (trusted files only!) can rebuild it.
whole = torch.load(folder / "tiny_net_whole.pt", weights_only=False)  # (5)!
assert type(whole) is TinyNet
torch.testing.assert_close(whole(x), model(x), rtol=0, atol=0)


# Why the default is weights_only=True: unpickling can call any function the file names.
class Payload:
    def __reduce__(self):
        return (print, ("  !! this line was printed by the file being loaded",))


torch.save({"weights": torch.ones(2), "surprise": Payload()}, folder / "untrusted.pt")
print("loading untrusted.pt with weights_only=False:")
torch.load(folder / "untrusted.pt", weights_only=False)  # (6)!
for how in ({"weights_only": True}, {}):  # {}: the default, weights_only=True since 2.6
    try:
        torch.load(folder / "untrusted.pt", **how)
    except pickle.UnpicklingError as exc:
        assert "Unsupported global: GLOBAL print" in str(exc)
        print(f"torch.load with {how or 'the default'}: refused, print is not an allowed global")
    else:
        raise AssertionError("weights_only=True should refuse a pickle that calls print")
workdir.cleanup()
