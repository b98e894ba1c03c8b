"""Walking the graph behind loss.grad_fn with next_functions, for y = w * x + b."""

# %% graph
import torch

w = torch.tensor(2.0, requires_grad=True)
x = torch.tensor(3.0)  # an input: it needs no gradient
b = torch.tensor(1.0, requires_grad=True)
y = w * x + b
loss = (y - 10.0) ** 2
print(f"{y.grad_fn.name() = }, {loss.grad_fn.name() = }")


# %% next-functions
def name(node):
    return "None" if node is None else type(node).__name__


for node in (loss.grad_fn, y.grad_fn):
    inputs = [name(child) for child, _ in node.next_functions]  # (1)!
    print(f"{name(node)}.next_functions: {inputs}")


# %% walk
def describe(node, depth=0):
    """One line per node, indented by how far back from the loss it is."""
    lines = ["    " * depth + name(node)]
    children = node.next_functions if node is not None else ()
    for child, _ in children:
        lines += describe(child, depth + 1)  # (1)!
    return lines


print("\n".join(describe(loss.grad_fn)))

# %% check
assert [line.strip() for line in describe(loss.grad_fn)] == [
    "PowBackward0",  # (y - 10) ** 2
    "SubBackward0",  # y - 10
    "AddBackward0",  # w * x + b
    "MulBackward0",  # w * x
    "AccumulateGrad",  # w
    "None",  # x
    "AccumulateGrad",  # b
    "None",  # the constant 10.0
]


# %% accumulate-grad
def leaves(node, seen):
    """The tensors behind the AccumulateGrad nodes that the graph reaches from node."""
    if node is None or node in seen:
        return []
    seen.add(node)
    if type(node).__name__ == "AccumulateGrad":
        return [node.variable]  # (1)!
    tensors = []
    for child, _ in node.next_functions:
        tensors += leaves(child, seen)
    return tensors


found = leaves(loss.grad_fn, set())
print(f"found {len(found)} leaves: {found}")

# %% check
assert len(found) == 2 and found[0] is w and found[1] is b
shared = w * x + w  # w feeds two nodes: seen keeps it from being listed twice
assert [t is w for t in leaves(shared.grad_fn, set())] == [True]

# %% leaf-grads
loss.backward()  # (1)!
print(f"{w.grad = }, {b.grad = }")

# %% check
assert w.grad.item() == 2 * (2 * 3 + 1 - 10) * 3  # d loss/dw = 2 (y - 10) x
assert b.grad.item() == 2 * (2 * 3 + 1 - 10)  # d loss/db = 2 (y - 10)
