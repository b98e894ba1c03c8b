"""Views and copies drawn from real tensors: one storage read with different strides and
offsets, and .contiguous() writing a new storage."""

# %% views-and-copy
import torch

x = torch.arange(6)
m = x.view(2, 3)
t = m.t()  # a view: the same storage, read with the strides swapped
s = m[:, 1]  # a view too: column 1 starts 1 element in and steps 3 at a time
c = t.contiguous()  # a copy: a new storage, laid out row by row
for name, v in (("m", m), ("t", t), ("s", s), ("c", c)):
    same = v.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    print(f"{name}: stride {v.stride()}, storage_offset {v.storage_offset()}, x's storage: {same}")
where = t.storage_offset() + 2 * t.stride(0) + 1 * t.stride(1)  # (1)!
print(f"t[2, 1] = {t[2, 1].item()}, read from storage index {where}")

# %% check: views share x's storage, the copy does not; strides say where each element is
assert [v.stride() for v in (m, t, s, c)] == [(3, 1), (1, 3), (3,), (2, 1)]
assert [v.storage_offset() for v in (m, t, s, c)] == [0, 0, 1, 0]
assert m.data_ptr() == t.data_ptr() == x.data_ptr()
assert s.data_ptr() == x.data_ptr() + 1 * x.element_size()  # 1 element further along
assert s.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
assert c.untyped_storage().data_ptr() != x.untyped_storage().data_ptr()
assert where == 5 and t[2, 1].item() == x[where].item()

# %% figure-storages
import os
from pathlib import Path

import matplotlib.pyplot as plt

plt.rcParams["font.family"] = "monospace"  # every label is code: names, strides, values
fig, ax = plt.subplots(figsize=(9, 4.8))
BLUE, ORANGE, RED = "#cfe2f3", "#f5b869", "#D55E00"


def box(x0, y0, text, fill, gid, edge="#333333", width=1.2, **style):
    """One cell: a square with its text in the middle (gid names both, for the checks)."""
    ax.add_patch(plt.Rectangle((x0, y0), 1, 1, fc=fill, ec=edge, lw=width, gid=gid))
    ax.text(x0 + 0.5, y0 + 0.5, text, ha="center", va="center", fontsize=13, gid=gid, **style)


STORAGE_LEFT = {}  # data_ptr of each storage drawn -> x of its first cell
for name, tensor, left, fill in (("x", x, 0, BLUE), ("c", c, 11, ORANGE)):
    storage = tensor.untyped_storage()
    STORAGE_LEFT[storage.data_ptr()] = left
    # The whole storage as a 1-D tensor: from element 0, step 1, however the tensor reads it.
    flat = tensor.as_strided((storage.nbytes() // tensor.element_size(),), (1,), 0)
    ax.text(left, -0.9, f"{name}.untyped_storage()", fontsize=12)
    for index, value in enumerate(flat.tolist()):
        box(left + index, 0, f"{value}", fill, f"{name} storage {index}")
        ax.text(left + index + 0.5, -0.15, f"{index}", ha="center", fontsize=10, color="#555555")

# %% figure-views
for name, code, tensor, left in (
    ("m", "m = x.view(2, 3)", m, 0),
    ("t", "t = m.t()", t, 4.7),
    ("s", "s = m[:, 1]", s, 8.6),
    ("c", "c = t.contiguous()", c, 13),
):
    grid = tensor if tensor.dim() == 2 else tensor[None]  # draw s as one row
    fill = ORANGE if tensor is c else BLUE
    for (i, j), value in zip(torch.cartesian_prod(*map(torch.arange, grid.shape)).tolist(),
                             grid.flatten().tolist(), strict=True):  # fmt: skip
        box(left + j, 4 + i, f"{value}", fill, f"{name} {i} {j}")
    ax.text(left, 3.8, f"{code}\nstride={tensor.stride()}\noffset={tensor.storage_offset()}",
            fontsize=12, va="bottom", gid=f"{name} title")  # fmt: skip
    # An arrow from the storage element the view starts at (its offset) to its element 0.
    start = STORAGE_LEFT[tensor.untyped_storage().data_ptr()] + tensor.storage_offset()
    ax.annotate("", (left + 0.5, 2.05), (start + 0.5, 1.05), gid=f"{name} from {start}",
                arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 1.5})  # fmt: skip
# t[2, 1] is storage index offset + 2 * stride[0] + 1 * stride[1]: both outlined in red.
box(0 + where, 0, f"{x[where].item()}", BLUE, "highlight storage", edge=RED, width=3.5)
box(4.7 + 1, 4 + 2, f"{t[2, 1].item()}", BLUE, "highlight t", edge=RED, width=3.5)
address = f"t[2, 1]: {t.storage_offset()} + 2×{t.stride(0)} + 1×{t.stride(1)} = {where}"
ax.text(4.7, 7.6, address, va="center", fontsize=12, color=RED, gid="address")
ax.set(xlim=(-0.2, 17.2), ylim=(8.1, -1.2), aspect="equal")
ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "strides_diagram.png", dpi=110, bbox_inches="tight", facecolor="white")

# %% check: the picture shows the real storages, values, strides, offsets and sharing
drawn = {a.get_gid(): a.get_text() for a in ax.texts if a.get_gid()}
assert [drawn[f"x storage {k}"] for k in range(6)] == [str(v) for v in x.tolist()]
assert [drawn[f"c storage {k}"] for k in range(6)] == [str(v) for v in c.flatten().tolist()]
assert [drawn[f"t {i} {j}"] for i in range(3) for j in range(2)] == list("031425")
assert [drawn[f"s 0 {j}"] for j in range(2)] == [str(v) for v in s.tolist()]
assert [drawn[f"{name} title"].splitlines()[1:] for name in "mtsc"] == [
    [f"stride={v.stride()}", f"offset={v.storage_offset()}"] for v in (m, t, s, c)
]
arrows = sorted(k for k in drawn if " from " in k)
assert arrows == ["c from 11", "m from 0", "s from 1", "t from 0"]  # c reads its own storage
assert drawn["highlight storage"] == drawn["highlight t"] == str(t[2, 1].item())
assert drawn["address"] == "t[2, 1]: 0 + 2×1 + 1×3 = 5"
