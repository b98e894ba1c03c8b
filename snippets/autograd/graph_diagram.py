"""The computation graph of y = w * x + b and its loss, drawn from the real grad_fn nodes."""

# %% graph
import torch

w = torch.tensor(2.0, requires_grad=True)
x = torch.tensor(3.0)  # an input: it needs no gradient
b = torch.tensor(1.0, requires_grad=True)
y = w * x + b
loss = (y - 10.0) ** 2
loss.backward()
print(f"{loss.grad_fn.name() = }, {y.grad_fn.name() = }")
print(f"{w.grad = }, {b.grad = }")

# %% check: d loss / dw = 2 (y - 10) x and d loss / db = 2 (y - 10), with y = 7
assert (w.grad.item(), b.grad.item()) == (2 * (7 - 10) * 3, 2 * (7 - 10))


# %% figure-walk
import itertools
import os
from pathlib import Path

import matplotlib.pyplot as plt


def layout(node, out, columns, depth=0, parent=None):
    """The nodes reached from node through next_functions, in walk order. A node without
    inputs takes the next free column; a node with inputs sits above the middle of them."""
    me = len(out)
    out.append({"node": node, "depth": depth, "parent": parent})
    for child, _ in node.next_functions if node is not None else ():
        layout(child, out, columns, depth + 1, me)
    below = [entry["column"] for entry in out if entry["parent"] == me]
    out[me]["column"] = sum(below) / len(below) if below else next(columns)
    return out


nodes = layout(loss.grad_fn, [], itertools.count())
names = ["None" if e["node"] is None else type(e["node"]).__name__ for e in nodes]

# %% figure-boxes
plt.rcParams["font.family"] = "monospace"  # every label is code: class names, tensors, values
fig, ax = plt.subplots(figsize=(9, 5.4))
DX, DY = 2.4, 1.3  # one column, one row of the layout
KINDS = {  # fill, outline style, text colour
    "tensor": ("white", "-", "black"),
    "node": ("#cfe2f3", "-", "black"),
    "AccumulateGrad": ("#f5b869", "-", "black"),
    "None": ("white", "--", "#555555"),
}


def box(col, row, text, gid, kind):
    """A rounded box centred on (col, row) of the layout; gid names its text, for the checks."""
    fill, ls, color = KINDS[kind]
    frame = {"boxstyle": "round,pad=0.4", "fc": fill, "ec": "#333333", "ls": ls}
    ax.text(col * DX, row * DY, text, ha="center", va="center", fontsize=12, color=color,
            gid=gid, bbox=frame)  # fmt: skip


def arrow(start, end, label=""):
    """The way backward() goes, from start down to end ((col, row) pairs), and a label."""
    (x0, y0), (x1, y1) = ((col * DX, row * DY) for col, row in (start, end))
    ax.annotate("", (x1, y1 - 0.3), (x0, y0 + 0.3), arrowprops={"arrowstyle": "->", "lw": 1.5})
    ax.text((x0 + x1) / 2 + 0.15, (y0 + y1) / 2, label, fontsize=10, color="#555555")


# %% figure-draw
FORWARD = {"PowBackward0": "(y - 10.0) ** 2", "SubBackward0": "y - 10.0",
           "AddBackward0": "w * x + b", "MulBackward0": "w * x"}  # fmt: skip
top = nodes[0]["column"]
box(top, -1, "loss", "loss", "tensor")
arrow((top, -1), (top, 0), ".grad_fn")
for k, (entry, name) in enumerate(zip(nodes, names, strict=True)):
    spot = (entry["column"], entry["depth"])
    box(*spot, name, f"node {k}", name if name in KINDS else "node")
    ax.text(spot[0] * DX + 1.05, spot[1] * DY, FORWARD.get(name, ""), fontsize=11,
            color="#555555", va="center", style="italic")  # fmt: skip
    if entry["parent"] is not None:
        parent = nodes[entry["parent"]]
        arrow((parent["column"], parent["depth"]), spot, "next_functions" * (k == 1))
    if name == "AccumulateGrad":  # .variable is the leaf tensor the gradient is added to
        leaf = entry["node"].variable
        label = "w" if leaf is w else "b" if leaf is b else "?"
        text = f"{label} = {leaf.item()}\n{label}.grad = {leaf.grad.item()}"
        box(spot[0], spot[1] + 1.1, text, f"leaf {label}", "tensor")
        arrow(spot, (spot[0], spot[1] + 0.95), ".variable")
ax.set(xlim=(-1.2, 8.6), ylim=(6.6, -1.6))
ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "graph_diagram.png", dpi=110, bbox_inches="tight", facecolor="white")

# %% check: the drawn nodes are the grad_fn walk's, in order, and the leaves are w and b
drawn = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
assert (
    [drawn[f"node {k}"] for k in range(len(nodes))]
    == names
    == [
        "PowBackward0",  # (y - 10) ** 2
        "SubBackward0",  # y - 10
        "AddBackward0",  # w * x + b
        "MulBackward0",  # w * x
        "AccumulateGrad",  # w
        "None",  # x needs no gradient
        "AccumulateGrad",  # b
        "None",  # the constant 10.0
    ]
)
assert [e["parent"] for e in nodes] == [None, 0, 1, 2, 3, 3, 2, 1]
assert drawn["leaf w"] == "w = 2.0\nw.grad = -18.0" and drawn["leaf b"] == "b = 1.0\nb.grad = -6.0"
assert nodes[4]["node"].variable is w and nodes[6]["node"].variable is b
