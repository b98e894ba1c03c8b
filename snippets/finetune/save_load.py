"""Save a model's state_dict, load it into a freshly built model, and predict with it."""

# %% model
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


model = TinyNet()
model.train()
model(torch.randn(16, 4))  # one forward in train mode moves the BatchNorm running statistics
model.eval()

# %% state-dict
state = model.state_dict()  # (1)!
for name, tensor in state.items():
    print(f"{name:<28} {tuple(tensor.shape)}")

# %% check
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

# %% save-and-load
workdir = tempfile.TemporaryDirectory()  # the .pt file goes here, not into your folder
path = Path(workdir.name) / "tiny_net.pt"
torch.save(model.state_dict(), path)

restored = TinyNet()  # (1)!
restored.load_state_dict(torch.load(path, weights_only=True))  # (2)!
restored.eval()  # (3)!
print(f"loaded {len(restored.state_dict())} tensors from {path.name}")

# %% predict
x = torch.randn(5, 4)
with torch.no_grad():
    print("restored model predicts:", restored(x).argmax(dim=1).tolist())
    print("original model predicts:", model(x).argmax(dim=1).tolist())
    print("identical logits:", torch.equal(restored(x), model(x)))

# %% check
torch.testing.assert_close(restored(x), model(x), rtol=0, atol=0)
assert torch.equal(restored.body[1].running_mean, model.body[1].running_mean)
workdir.cleanup()
