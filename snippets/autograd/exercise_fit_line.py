"""Exercise: fit y = a x + b by gradient descent with autograd; compare with least squares."""

import torch

torch.manual_seed(0)
x = torch.linspace(-1, 1, 20)
y = 3 * x - 1 + 0.1 * torch.randn(20)  # a line plus a little noise

a = torch.zeros((), requires_grad=True)
b = torch.zeros((), requires_grad=True)
LEARNING_RATE, STEPS = 0.1, 200
for step in range(STEPS):
    loss = ((a * x + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        a -= LEARNING_RATE * a.grad
        b -= LEARNING_RATE * b.grad
    a.grad = None
    b.grad = None
    if step % 50 == 0:
        print(f"step {step:3d}: loss {loss.item():.6f}, a = {a.item():+.4f}, b = {b.item():+.4f}")

# The best line in closed form: least squares on the columns [x, 1].
design = torch.stack([x, torch.ones_like(x)], dim=1)
best_a, best_b = torch.linalg.lstsq(design, y.unsqueeze(1)).solution.flatten().tolist()
print(f"gradient descent: a = {a.item():+.4f}, b = {b.item():+.4f}")
print(f"least squares:    a = {best_a:+.4f}, b = {best_b:+.4f}")
assert a.is_leaf and b.is_leaf
assert abs(a.item() - best_a) < 1e-3 and abs(b.item() - best_b) < 1e-3
