"""Gradient clipping: clip_grad_norm_ returns the total norm before clipping and rescales all
gradients together; clip_grad_value_ clamps each element; both go between backward and step."""

# %% setup
import torch
from torch import nn

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


# %% clip-norm
before = compute_gradients()
MAX_NORM = 1.0
returned = nn.utils.clip_grad_norm_(model.parameters(), max_norm=MAX_NORM)  # (1)!
after = [p.grad for p in model.parameters()]
print(f"total norm returned by clip_grad_norm_: {returned.item():.4f}")
print(f"total norm computed by hand, before:    {total_norm(before).item():.4f}")
print(f"total norm after clipping:              {total_norm(after).item():.4f}")

# %% check
from torch.testing import assert_close

assert_close(returned, total_norm(before))
assert returned > 10 * MAX_NORM
# After it the total norm is at most max_norm: every gradient was scaled by the same
# factor, max_norm / total norm, so the direction of the update is kept.
assert total_norm(after) <= MAX_NORM
assert_close(total_norm(after), torch.tensor(MAX_NORM))
for grad_before, grad_after in zip(before, after, strict=True):
    assert_close(grad_after, grad_before * MAX_NORM / returned)

# %% inside-limit
small = compute_gradients()
unclipped = nn.utils.clip_grad_norm_(model.parameters(), max_norm=2 * returned.item())
kept = all(torch.equal(p.grad, g) for g, p in zip(small, model.parameters(), strict=True))
print(f"max_norm above the total norm: gradients unchanged: {kept}")

# %% check
assert kept
assert_close(unclipped, returned)

# %% clip-value
before = compute_gradients()
nn.utils.clip_grad_value_(model.parameters(), clip_value=0.1)  # (1)!
after = [p.grad for p in model.parameters()]
largest_before = max(g.abs().max().item() for g in before)
largest_after = max(g.abs().max().item() for g in after)
print(f"largest gradient element before clip_grad_value_: {largest_before:.4f}")
print(f"largest gradient element after clip_grad_value_:  {largest_after:.4f}")
flat_before = torch.cat([g.flatten() for g in before])
flat_after = torch.cat([g.flatten() for g in after])
cosine = nn.functional.cosine_similarity(flat_before, flat_after, dim=0)
print(f"cosine similarity of the gradient before and after clip_grad_value_: {cosine.item():.4f}")

# %% check
for grad_before, grad_after in zip(before, after, strict=True):
    assert_close(grad_after, grad_before.clamp(-0.1, 0.1))
assert largest_before > 0.1
assert_close(largest_after, 0.1)  # 0.1 in float32 is not exactly the Python float 0.1
assert cosine < 0.99

# %% training-step
LR = 0.01
optimizer = torch.optim.SGD(model.parameters(), lr=LR)
norms, moves = [], []
for _ in range(20):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(inputs), targets)
    loss.backward()
    norms.append(nn.utils.clip_grad_norm_(model.parameters(), max_norm=MAX_NORM).item())  # (1)!
    start = [p.detach().clone() for p in model.parameters()]
    optimizer.step()
    step = [p.detach() - s for p, s in zip(model.parameters(), start, strict=True)]
    moves.append(total_norm(step).item())
print("total norm before clipping at steps 1, 5, 9, 13, 17:", [round(n, 1) for n in norms[::4]])
print(f"longest step of the weights: {max(moves):.4f} (lr * max_norm = {LR * MAX_NORM})")

# %% check
assert min(norms) > MAX_NORM  # every one of these steps was clipped
# Plain SGD moves the weights by lr * gradient, so no step is longer than lr * max_norm.
assert max(moves) <= LR * MAX_NORM * (1 + 1e-5)
# Without zero_grad(), backward() adds to .grad: clipping would see the sum of both steps.
model.zero_grad()
for _ in range(2):
    nn.functional.mse_loss(model(inputs), targets).backward()
summed = total_norm([p.grad for p in model.parameters()])
assert_close(summed, 2 * total_norm(compute_gradients()))
