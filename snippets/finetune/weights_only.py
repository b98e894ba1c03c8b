"""Why torch.load reads only tensors by default: a pickled model, and a file that runs code."""

# %% whole-model
import pickle
import tempfile
from pathlib import Path

import torch
from torch import nn

torch.manual_seed(0)


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(4, 3)

    def forward(self, x):
        return self.layer(x)


model = TinyNet()
workdir = tempfile.TemporaryDirectory()  # the .pt files go here, not into your folder
folder = Path(workdir.name)
torch.save(model, folder / "whole_model.pt")  # (1)!


# %% plain-lines
import re


def plain_lines(message):
    """The lines of an error message, without the terminal escape codes that bold a phrase."""
    return [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in message.splitlines()]


def refused_global(message):
    """The line of a weights_only error that names what was refused."""
    reason = next(line for line in plain_lines(message) if line.startswith("WeightsUnpickler"))
    return reason.split(" was not")[0]


# %% refused
try:
    torch.load(folder / "whole_model.pt", weights_only=True)
except pickle.UnpicklingError as err:
    message = str(err)  # long: print its first line and the line that names the reason
    print("UnpicklingError:", plain_lines(message)[0])
    print(refused_global(message))

# %% check
assert "TinyNet" in refused_global(message)
assert "add_safe_globals" in message  # the message names the allowlist way out

# %% trusted
whole = torch.load(folder / "whole_model.pt", weights_only=False)  # (1)!
print("rebuilt:", type(whole).__name__, whole.layer)

# %% check
assert type(whole) is TinyNet
x = torch.randn(2, 4)
assert whole(x).shape == (2, 3)  # a real forward pass, not None
torch.testing.assert_close(whole(x), model(x), rtol=0, atol=0)


# %% payload
class Payload:
    def __reduce__(self):  # pickle stores "call print(...)" to rebuild this object
        return (print, ("  !! this line was printed by the file being loaded",))


torch.save({"weights": torch.ones(2), "surprise": Payload()}, folder / "untrusted.pt")
print("loading untrusted.pt with weights_only=False:")
torch.load(folder / "untrusted.pt", weights_only=False)  # (1)!

# %% default-refuses
messages = []
for how in ({"weights_only": True}, {}):  # {}: the default, weights_only=True since 2.6
    try:
        torch.load(folder / "untrusted.pt", **how)
    except pickle.UnpicklingError as err:
        messages.append(str(err))
        print(f"torch.load with {how or 'the default'}: refused,", refused_global(str(err)))

# %% check
assert len(messages) == 2
assert all("Unsupported global: GLOBAL print" in text for text in messages)
workdir.cleanup()
