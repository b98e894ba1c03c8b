"""ResNet-34 and its weights enum; what the old pretrained= argument does in torchvision 0.29."""

# %% weights-none
import tempfile
import warnings
from pathlib import Path

import torch
from torchvision import models
from torchvision.models import ResNet34_Weights, ResNet50_Weights, resnet34

torch.manual_seed(0)
model = resnet34(weights=None)  # (1)!
num_params = sum(p.numel() for p in model.parameters())
print(f"resnet34(weights=None): {num_params:,} parameters")

# %% enum
# The enum lists every weight set published for the architecture.
print("weight sets:", [w.name for w in ResNet34_Weights])
weights = ResNet34_Weights.DEFAULT  # (1)!
print("DEFAULT is", weights)

# %% check
assert weights is ResNet34_Weights.IMAGENET1K_V1
assert list(ResNet34_Weights) == [ResNet34_Weights.IMAGENET1K_V1]  # only one set so far

# %% meta
# .meta and .transforms() are plain Python data: readable offline, no download.
meta = weights.meta  # (1)!
print(f"meta: {len(meta['categories'])} categories, first {meta['categories'][:3]}")
print(f"meta: ImageNet-1K acc@1 {meta['_metrics']['ImageNet-1K']['acc@1']} %")
print(f"meta: {meta['num_params']:,} parameters, file {meta['_file_size']} MB")

# %% check
assert meta["num_params"] == num_params  # the same architecture the enum describes
assert len(meta["categories"]) == model.fc.out_features == 1000

# %% transforms
preprocess = weights.transforms()  # (1)!
print(f"transforms: resize {preprocess.resize_size}, crop {preprocess.crop_size}")
image = torch.randint(0, 256, (3, 300, 400), dtype=torch.uint8)
batch = preprocess(image).unsqueeze(0)
print("one preprocessed photo:", tuple(batch.shape), batch.dtype)
model.eval()
with torch.no_grad():
    logits = model(batch)
print("logits:", tuple(logits.shape))

# %% check
assert model.bn1.num_batches_tracked.item() == 0  # eval(): BatchNorm statistics untouched

# %% cache
# The weights file is cached under torch.hub's folder; a file already there is never downloaded.
# Here a local state_dict stands in for the real file, so this runs offline.
workdir = tempfile.TemporaryDirectory()
default_hub = torch.hub.get_dir()
torch.hub.set_dir(workdir.name)  # (1)!
file_name = weights.url.rsplit("/", 1)[-1]
print("cached file name:", file_name)
checkpoints = Path(workdir.name) / "checkpoints"
checkpoints.mkdir()
stand_in = {k: v.clone() for k, v in model.state_dict().items()}  # not the ImageNet weights
torch.save(stand_in, checkpoints / file_name)

loaded = resnet34(weights=ResNet34_Weights.DEFAULT)  # found in the cache: no download

# %% check
assert all(torch.equal(v, stand_in[k]) for k, v in loaded.state_dict().items())


# %% pretrained-argument
def equivalent_weights(caught):
    """The weights= that torchvision's second warning says a pretrained= call stands for."""
    return str(caught[1].message).split("equivalent to passing `weights=")[1].split("`")[0]


# pretrained= still exists in 0.29: no TypeError, two UserWarnings, mapped onto weights=.
warned, legacy_models = {}, {}
for pretrained in (False, True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        legacy_models[pretrained] = resnet34(pretrained=pretrained)  # (1)!
    warned[pretrained] = caught
    equivalent = equivalent_weights(caught)
    print(
        f"pretrained={pretrained}: {len(caught)} UserWarnings, equivalent to weights={equivalent}"
    )
print("warning:", caught[0].message)

# %% check
assert list(warned) == [False, True]
for pretrained, caught in warned.items():
    assert [w.category for w in caught] == [UserWarning, UserWarning]
    assert "'pretrained' is deprecated since 0.13" in str(caught[0].message)
    # True loads the (cached) ImageNet file, False a random init
    assert pretrained == all(
        torch.equal(v, stand_in[k]) for k, v in legacy_models[pretrained].state_dict().items()
    )


# %% every-model
# num_classes=10 stops each call before any download: every model can be tried.
errors, legacy = {}, {}
for name in models.list_models(module=models):  # (1)!
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            models.get_model(name, pretrained=True, num_classes=10)
        except ValueError as err:
            errors[name] = str(err)
    no_weights = errors[name].startswith("No weights available")  # none for pretrained=True
    legacy[name] = "ValueError" if no_weights else equivalent_weights(caught).split(".")[1]

# %% count-models
no_legacy = sorted(name for name, weights_name in legacy.items() if weights_name == "ValueError")
v1 = len(legacy) - len(no_legacy)
print(f"pretrained=True, {len(legacy)} classification models: {v1} -> IMAGENET1K_V1,", end=" ")
print(f"{len(no_legacy)} -> ValueError {no_legacy}")
newer = sorted(n for n in legacy if models.get_model_weights(n).DEFAULT.name != "IMAGENET1K_V1")
print(f"DEFAULT is not IMAGENET1K_V1 for {len(newer)} of them;", end=" ")
print(
    f"resnet50: DEFAULT = {ResNet50_Weights.DEFAULT.name}, pretrained=True = {legacy['resnet50']}"
)

# %% check
assert set(legacy.values()) == {"IMAGENET1K_V1", "ValueError"}
for name, weights_name in legacy.items():
    if weights_name != "ValueError":  # stopped by num_classes: nothing was downloaded
        assert "'num_classes' expected value 1000 but got 10" in errors[name]
assert ResNet50_Weights.DEFAULT is ResNet50_Weights.IMAGENET1K_V2 and "resnet50" in newer
assert legacy["resnet50"] == "IMAGENET1K_V1"  # pretrained=True is not DEFAULT for ResNet-50
assert "resnet18" not in newer and "resnet34" not in newer
torch.hub.set_dir(default_hub)  # back to ~/.cache/torch/hub for the rest of a session
assert torch.hub.get_dir() == default_hub
workdir.cleanup()
