"""Loading only part of a checkpoint: by key, by shape, strict=False, prefixes and renames."""

# %% models
import torch
from torch import nn

torch.manual_seed(0)


class Classifier(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU())
        self.head = nn.Linear(16, num_classes)

    def forward(self, x):
        return self.head(self.backbone(x))


pretrained = Classifier(num_classes=10).state_dict()  # stands in for a downloaded checkpoint
model = Classifier(num_classes=3)  # same backbone, new 3-class head

# %% strict-false
# strict=False still refuses a shape mismatch.
try:
    model.load_state_dict(pretrained, strict=False)  # (1)!
except RuntimeError as err:
    headline, first_problem = str(err).splitlines()[:2]
    print(f"RuntimeError: {headline}\n  {first_problem.strip()}")

# %% by-shape
# Filter by shape: keep what fits the new model, report what was left out.
target = model.state_dict()
fits = {k: v for k, v in pretrained.items() if k in target and v.shape == target[k].shape}
result = model.load_state_dict(fits, strict=False)  # (1)!
print("missing:", result.missing_keys, " unexpected:", result.unexpected_keys)

# %% check
assert result.missing_keys == ["head.weight", "head.bias"] and result.unexpected_keys == []
torch.testing.assert_close(model.backbone[0].weight, pretrained["backbone.0.weight"])
assert model(torch.randn(2, 8)).shape == (2, 3)  # pretrained backbone, new 3-class head

# %% by-key
# Filter by key: a head with the same shape but a different meaning must be dropped by name.
same_shape_model = Classifier(num_classes=10)
backbone_only = {k: v for k, v in pretrained.items() if not k.startswith("head.")}  # (1)!
result = same_shape_model.load_state_dict(backbone_only, strict=False)
print("missing:", result.missing_keys, " unexpected:", result.unexpected_keys)

# %% check
assert result.missing_keys == ["head.weight", "head.bias"] and result.unexpected_keys == []
torch.testing.assert_close(same_shape_model.backbone[0].weight, pretrained["backbone.0.weight"])
assert not torch.equal(same_shape_model.head.weight, pretrained["head.weight"])

# %% extra-keys
# Extra keys end up in unexpected_keys (here: an auxiliary head the new model does not have).
with_aux = pretrained | {"aux.weight": torch.zeros(2, 16), "aux.bias": torch.zeros(2)}
result = Classifier(num_classes=10).load_state_dict(with_aux, strict=False)
print("missing:", result.missing_keys, " unexpected:", result.unexpected_keys)

# %% module-prefix
# Keys saved from a DataParallel / DDP wrapper start with "module.".
wrapped = nn.DataParallel(Classifier(num_classes=10))  # (1)!
saved_from_wrapper = wrapped.state_dict()
print("saved from the wrapper:", list(saved_from_wrapper)[:2], "...")
plain = Classifier(num_classes=10)
result = plain.load_state_dict(saved_from_wrapper, strict=False)
print(f"strict=False: {len(result.missing_keys)} missing, {len(result.unexpected_keys)} unexpected")

# %% remove-prefix
unwrapped = {k.removeprefix("module."): v for k, v in saved_from_wrapper.items()}  # (1)!
plain.load_state_dict(unwrapped)  # strict=True: every key matches now
print("loaded:", list(unwrapped)[:2], "...")

# %% check
assert len(result.missing_keys) == len(result.unexpected_keys) == len(unwrapped)  # none matched
# With a single GPU, DataParallel also moves the model to cuda:0; hence the .cpu().
torch.testing.assert_close(plain.head.weight, wrapped.module.head.weight.cpu())

# %% renames
# Renamed layers: an older version of the code called the head "classifier".
old_checkpoint = {k.replace("head.", "classifier.", 1): v for k, v in pretrained.items()}
RENAMES = {"classifier.": "head."}  # old prefix -> new prefix


def rename(key):
    for old, new in RENAMES.items():
        if key.startswith(old):
            return new + key.removeprefix(old)
    return key


renamed = {rename(k): v for k, v in old_checkpoint.items()}
print("renamed:", [k for k in renamed if k.startswith("head.")])
model_10 = Classifier(num_classes=10)
model_10.load_state_dict(renamed)  # strict=True proves that every key found its place

# %% check
torch.testing.assert_close(model_10.head.weight, pretrained["head.weight"])
