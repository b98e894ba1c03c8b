"""Ready for inference: eval mode, inference_mode, and a torch.export program that matches eager."""

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

# In train mode BatchNorm normalises with the batch's own statistics: a prediction depends on
# which other images happen to share the batch.
alone = model(images[:1])
together = model(images)[:1]
gap = (alone - together).abs().max().item()
print(f"train mode: same image, batch of 1 vs 3 -> max difference {gap:.3f}")
assert not torch.allclose(alone, together, atol=1e-3)

model.eval()  # (1)!
with torch.inference_mode():  # (2)!
    alone = model(images[:1])
    reference = model(images)
torch.testing.assert_close(reference[:1], alone)  # eval mode: the batch no longer matters
assert not reference.requires_grad and reference.is_inference()
print("eval mode: same image, batch of 1 vs 3 -> equal")
# Outside inference_mode an inference tensor fails where autograd must save it, or where it would
# be changed in place, not on every contact with autograd: addition saves neither input.
w = torch.ones(5, requires_grad=True)
(reference + w).sum().backward()
assert torch.equal(w.grad, torch.full((5,), 3.0))  # one 1 per row of the batch of 3
print("inference tensor + w, backward: w.grad =", w.grad.tolist())
try:  # w * reference saves reference to compute w's gradient
    (w * reference).sum().backward()
except RuntimeError as exc:
    assert "Inference tensors cannot be saved for backward" in str(exc)
    print("inference tensor * w, backward:", str(exc).split(". ")[0])
else:
    raise AssertionError("autograd should refuse to save an inference tensor")
with torch.inference_mode():
    counts = torch.zeros(3)  # another inference tensor, so that reference stays as it is
try:
    counts.add_(1.0)
except RuntimeError as exc:
    assert "Inplace update to inference tensor outside InferenceMode" in str(exc)
    print("in-place update outside inference_mode:", str(exc).split(" is not allowed")[0])
else:
    raise AssertionError("an inference tensor should not be updated in place outside the mode")
print("values after the refused add_:", counts.tolist())
assert torch.equal(counts, torch.ones(3))  # the error comes after the addition has run
normal = counts.clone()  # a clone is an ordinary tensor: in-place updates are fine
assert not normal.is_inference()
assert torch.equal(normal.add_(1.0), torch.full((3,), 2.0))

with tempfile.TemporaryDirectory() as folder:  # both files are ~45 MB: do not leave them behind
    # 1. The state_dict route: needs the model's Python code to rebuild it.
    torch.save(model.state_dict(), Path(folder) / "model.pt")
    reloaded = resnet18(weights=None, num_classes=5)
    reloaded.load_state_dict(torch.load(Path(folder) / "model.pt", weights_only=True))
    reloaded.eval()  # (3)!

    # 2. torch.export: the graph and the weights in one file, no model class needed to load it.
    static = torch.export.export(model, (images,)).module()  # no dynamic_shapes: batch fixed at 3
    try:
        static(torch.randn(5, 3, 64, 64))
    except AssertionError as exc:  # the exported module checks its input shapes on every call
        print("static export, batch of 5:", exc)
        assert "x.size()[0] == 3" in str(exc)
    else:
        raise AssertionError("a static export should refuse another batch size")
    batch = torch.export.Dim("batch", min=1, max=64)
    exported = torch.export.export(model, (images,), dynamic_shapes={"x": {0: batch}})  # (4)!
    torch.export.save(exported, Path(folder) / "model.pt2")
    loaded_program = torch.export.load(Path(folder) / "model.pt2")

program = loaded_program.module()  # (5)!
with torch.inference_mode():
    from_state_dict = reloaded(images)
    from_export = program(images)
    five_images = torch.randn(5, 3, 64, 64)  # another batch size: the batch dimension is dynamic
    torch.testing.assert_close(program(five_images), model(five_images))
    assert program(images[:1]).shape == (1, 5)  # the declared range is 1 to 64...
    refusals = {(65, 3, 64, 64): "x.size()[0] <= 64", (1, 3, 32, 32): "x.size()[2] == 64"}
    for shape, guard in refusals.items():  # ...and height and width stay fixed
        try:
            program(torch.randn(shape))
        except AssertionError as exc:
            print(f"dynamic export, input {shape}:", exc)
            assert guard in str(exc)
        else:
            raise AssertionError(f"the exported program should refuse an input of {shape}")

torch.testing.assert_close(from_state_dict, reference, rtol=0, atol=0)
torch.testing.assert_close(from_export, reference)
print("reloaded state_dict == eager:", torch.equal(from_state_dict, reference))
print(f"exported program vs eager: max difference {(from_export - reference).abs().max():.1e}")
