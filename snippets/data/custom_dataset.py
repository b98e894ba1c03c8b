"""Dataset protocol: a map-style dataset over a CSV file; TensorDataset, random_split, Subset."""

# %% make-csv
import csv
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import Dataset, Subset, TensorDataset, random_split

torch.manual_seed(0)
rng = np.random.default_rng(0)

# A small CSV standing in for your own data: two features and a 0/1 label per row.
workdir = tempfile.TemporaryDirectory()
csv_path = Path(workdir.name) / "points.csv"
points = rng.normal(size=(100, 2)).round(3)
with csv_path.open("w", newline="") as file:
    writer = csv.writer(file)
    writer.writerow(["x1", "x2", "label"])
    for x1, x2 in points:
        writer.writerow([x1, x2, int(x1 + x2 > 0)])
print("points.csv starts:", *csv_path.read_text().splitlines()[:3], sep="\n  ")


# %% dataset-class
class PointsCSV(Dataset):
    """Map-style: `len(dataset)` and `dataset[i]` are all a DataLoader needs."""

    def __init__(self, path):
        table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)  # (1)!
        self.features = torch.from_numpy(table[:, :2])
        self.labels = torch.from_numpy(table[:, 2]).long()

    def __len__(self):  # (2)!
        return len(self.labels)

    def __getitem__(self, index):  # (3)!
        return self.features[index], self.labels[index]


dataset = PointsCSV(csv_path)
features, label = dataset[0]
print("len:", len(dataset), "| dataset[0]:", features, label)

# %% check
assert len(dataset) == 100 and features.shape == (2,) and features.dtype == torch.float32
assert label.item() == int(points[0].sum() > 0)

# %% index-error
try:
    dataset[100]  # one past the last sample
except IndexError as error:
    print("dataset[100] ->", type(error).__name__)
print("samples a for loop visits:", len(list(dataset)))

# %% tensor-dataset
same = TensorDataset(dataset.features, dataset.labels)  # (1)!
print("TensorDataset:", len(same), "samples | same[7]:", same[7])

# %% check
assert all(torch.equal(a, b) for a, b in zip(same[7], dataset[7], strict=True))

# %% random-split
split_generator = torch.Generator().manual_seed(42)  # (1)!
train_set, val_set = random_split(dataset, [0.8, 0.2], generator=split_generator)
print(f"random_split -> {type(train_set).__name__}s of {len(train_set)} and {len(val_set)}")
print("val indices start", val_set.indices[:5])

# %% check
assert (len(train_set), len(val_set)) == (80, 20)
assert set(train_set.indices).isdisjoint(val_set.indices)
assert sorted(train_set.indices + val_set.indices) == list(range(100))
again, _ = random_split(dataset, [0.8, 0.2], generator=torch.Generator().manual_seed(42))
assert again.indices == train_set.indices  # same seed, same split on every run

# %% subset
positive_rows = torch.nonzero(dataset.labels == 1).flatten().tolist()  # (1)!
positives = Subset(dataset, positive_rows)  # (2)!
print(f"positives: {len(positives)}, positives[0] is dataset[{positives.indices[0]}]")
workdir.cleanup()  # delete the temporary folder and the CSV in it

# %% check
assert all(label == 1 for _, label in positives)
assert torch.equal(positives[0][0], dataset[positive_rows[0]][0])
