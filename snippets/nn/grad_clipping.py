"""Gradient clipping: clip_grad_norm_ returns the total norm before clipping and rescales all
gradients together; clip_grad_value_ clamps each element; both go between backward and step."""

import torch
from torch import nn
from torch.testing import assert_close

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))
inputs = torch.randn(32, 4)
targets = torch.randn(32, 1)
targets[0] = 100.0  # one far-off target gives a large gradient


def compute_gradients():
    model.zero_grad()
    nn.functional.mse_loss(model(inputs), targets).backward()
    return [p.grad.clone() for p in model.parameters()]


def total_norm(gradients):
    """The 2-norm of all gradients as if they were one long vector."""
    return torch.cat([g.flatten() for g in gradients]).norm()  # (1)!


# clip_grad_norm_ returns the total norm from before clipping ...
before = compute_gradients()
MAX_NORM = 1.0
returned = nn.utils.clip_grad_norm_(model.parameters(), max_norm=MAX_NORM)  # (2)!
after = [p.grad for p in model.parameters()]
print(f"total norm returned by clip_grad_norm_: {returned.item():.4f}")
print(f"total norm computed by hand, before:    {total_norm(before).item():.4f}")
print(f"total norm after clipping:              {total_norm(after).item():.4f}")
assert_close(returned, total_norm(before))
assert returned > 10 * MAX_NORM
# ... and after it the total norm is at most max_norm: every gradient was scaled by the same
# factor, max_norm / total norm, so the direction of the update is kept.
assert total_norm(after) <= MAX_NORM
assert_close(total_norm(after), torch.tensor(MAX_NORM))
for grad_before, grad_after in zip(before, after, strict=True):
    assert_close(grad_after, grad_before * MAX_NORM / returned)

# Gradients already inside the limit are left as they are.
small = compute_gradients()
unclipped = nn.utils.clip_grad_norm_(model.parameters(), max_norm=2 * returned.item())
for grad_before, p in zip(small, model.parameters(), strict=True):
    assert torch.equal(p.grad, grad_before)
assert_close(unclipped, returned)

# clip_grad_value_ clamps every element to [-clip_value, clip_value] on its own: large elements
# are cut, small ones untouched, so unlike clipping the norm it can change the direction.
before = compute_gradients()
nn.utils.clip_grad_value_(model.parameters(), clip_value=0.1)  # (3)!
after = [p.grad for p in model.parameters()]
for grad_before, grad_after in zip(before, after, strict=True):
    assert_close(grad_after, grad_before.clamp(-0.1, 0.1))
largest_before = max(g.abs().max().item() for g in before)
largest_after = max(g.abs().max().item() for g in after)
print(f"largest gradient element before clip_grad_value_: {largest_before:.4f}")
print(f"largest gradient element after clip_grad_value_:  {largest_after:.4f}")
assert largest_before > 0.1
assert_close(largest_after, 0.1)  # 0.1 in float32 is not exactly the Python float 0.1
flat_before, flat_after = (
    torch.cat([g.flatten() for g in before]),
    torch.cat([g.flatten() for g in after]),
)
cosine = nn.functional.cosine_similarity(flat_before, flat_after, dim=0)
print(f"cosine similarity of the gradient before and after clip_grad_value_: {cosine.item():.4f}")
assert cosine < 0.99

# In a training step: after backward() (the gradients exist), before step() (which uses them).
LR = 0.01
optimizer = torch.optim.SGD(model.parameters(), lr=LR)
norms = []
for _ in range(20):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(inputs), targets)
    loss.backward()
    norms.append(nn.utils.clip_grad_norm_(model.parameters(), max_norm=MAX_NORM).item())  # (4)!
    start = [p.detach().clone() for p in model.parameters()]
    optimizer.step()
    moved = total_norm([p.detach() - s for p, s in zip(model.parameters(), start, strict=True)])
    # Plain SGD moves the weights by lr * gradient, so no step is longer than lr * max_norm.
    assert moved <= LR * MAX_NORM * (1 + 1e-5)
print("total norm before clipping at steps 1, 5, 9, 13, 17:", [round(n, 1) for n in norms[::4]])
assert min(norms) > MAX_NORM  # every one of these steps was clipped

# Without zero_grad(), backward() adds to .grad: clipping would see the sum of both steps.
model.zero_grad()
for _ in range(2):
    nn.functional.mse_loss(model(inputs), targets).backward()
summed = total_norm([p.grad for p in model.parameters()])
assert_close(summed, 2 * total_norm(compute_gradients()))
