"""Ready for inference: eval mode, inference_mode, and a torch.export program that matches eager."""

# %% model
import tempfile
from pathlib import Path

import torch
from torchvision.models import resnet18

torch.manual_seed(0)
model = resnet18(weights=None, num_classes=5)  # stands in for your fine-tuned model
model.train()
for _ in range(3):  # a few forward passes give BatchNorm running statistics of its own
    with torch.no_grad():
        model(torch.randn(4, 3, 64, 64) * 2 + 1)
images = torch.randn(3, 3, 64, 64)

# %% train-mode
# In train mode BatchNorm normalises with the batch's own statistics: a prediction depends on
# which other images happen to share the batch.
alone = model(images[:1])
together = model(images)[:1]
gap = (alone - together).abs().max().item()
print(f"train mode: same image, batch of 1 vs 3 -> max difference {gap:.3f}")

# %% check
assert not torch.allclose(alone, together, atol=1e-3)

# %% eval-mode
model.eval()  # (1)!
with torch.inference_mode():  # (2)!
    alone = model(images[:1])
    reference = model(images)
print("eval mode: same image, batch of 1 vs 3 -> equal")
print("requires_grad:", reference.requires_grad, " is_inference:", reference.is_inference())

# %% check
torch.testing.assert_close(reference[:1], alone)  # eval mode: the batch no longer matters

# %% inference-tensors
# Outside inference_mode an inference tensor fails where autograd must save it, or where it would
# be changed in place, not on every contact with autograd: addition saves neither input.
w = torch.ones(5, requires_grad=True)
(reference + w).sum().backward()
print("inference tensor + w, backward: w.grad =", w.grad.tolist())
try:  # w * reference saves reference to compute w's gradient
    (w * reference).sum().backward()
except RuntimeError as err:
    print("inference tensor * w, backward:", str(err).split(". ")[0])

# %% in-place
with torch.inference_mode():
    counts = torch.zeros(3)  # another inference tensor, so that reference stays as it is
try:
    counts.add_(1.0)
except RuntimeError as err:
    print("in-place update outside inference_mode:", str(err).split(" is not allowed")[0])
print("values after the refused add_:", counts.tolist())
normal = counts.clone()  # a clone is an ordinary tensor: in-place updates are fine
print("clone().add_(1.0):", normal.add_(1.0).tolist())

# %% check
assert not normal.is_inference()

# %% reload
workdir = tempfile.TemporaryDirectory()  # both files are ~45 MB: do not leave them behind
folder = Path(workdir.name)
# 1. The state_dict route: needs the model's Python code to rebuild it.
torch.save(model.state_dict(), folder / "model.pt")
reloaded = resnet18(weights=None, num_classes=5)
reloaded.load_state_dict(torch.load(folder / "model.pt", weights_only=True))
reloaded.eval()  # (1)!

# %% static-export
# 2. torch.export: the graph and the weights in one file, no model class needed to load it.
static = torch.export.export(model, (images,)).module()  # no dynamic_shapes: batch fixed at 3
# The exported module checks its input shapes on every call. A wrong shape raises an
# AssertionError; some older torch releases raise a RuntimeError instead, so catch both.
try:
    static(torch.randn(5, 3, 64, 64))
except (AssertionError, RuntimeError) as err:
    print("static export, batch of 5:", err)

# %% dynamic-export
batch = torch.export.Dim("batch", min=1, max=64)
exported = torch.export.export(model, (images,), dynamic_shapes={"x": {0: batch}})  # (1)!
torch.export.save(exported, folder / "model.pt2")
program = torch.export.load(folder / "model.pt2").module()  # (2)!
with torch.inference_mode():
    print("batch of 5 ->", tuple(program(torch.randn(5, 3, 64, 64)).shape))
    for shape in [(65, 3, 64, 64), (1, 3, 32, 32)]:  # beyond the range; another image size
        try:
            program(torch.randn(shape))
        except (AssertionError, RuntimeError) as err:
            print(f"dynamic export, input {shape}:", err)

# %% check
five_images = torch.randn(5, 3, 64, 64)  # another batch size: the batch dimension is dynamic
with torch.inference_mode():
    exported, eager, one = program(five_images), model(five_images), program(images[:1])
torch.testing.assert_close(exported, eager)
assert one.shape == (1, 5)  # the declared range starts at 1

# %% compare
with torch.inference_mode():
    from_state_dict = reloaded(images)
    from_export = program(images)
print("reloaded state_dict == eager:", torch.equal(from_state_dict, reference))
print(f"exported program vs eager: max difference {(from_export - reference).abs().max():.1e}")

# %% check
torch.testing.assert_close(from_state_dict, reference, rtol=0, atol=0)
torch.testing.assert_close(from_export, reference)
workdir.cleanup()
