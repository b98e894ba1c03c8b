"""Exercise: a map-style Dataset of sliding windows over a time series."""

import torch
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
series = torch.arange(20.0)  # stands in for a real measurement, one value per time step


class Windows(Dataset):
    """Sample i: `length` consecutive values as input, the value right after them as target."""

    def __init__(self, series, length):
        self.series, self.length = series, length

    def __len__(self):
        return len(self.series) - self.length  # the last window still needs a target

    def __getitem__(self, index):
        window = self.series[index : index + self.length]
        return window, self.series[index + self.length]  # past the end: IndexError, as it should


dataset = Windows(series, length=5)
x, y = dataset[0]
print(f"{len(dataset) = } | dataset[0] = {x.tolist()} -> {y.item()}")
assert len(dataset) == 15
assert x.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0] and y.item() == 5.0
last_x, last_y = dataset[len(dataset) - 1]
assert last_y.item() == series[-1].item() and last_x.tolist() == series[-6:-1].tolist()
try:
    dataset[len(dataset)]
except IndexError:
    print("dataset[15] -> IndexError")
else:
    raise AssertionError("an index past the end must raise IndexError")
assert len(list(dataset)) == len(dataset)  # iterating stops at the IndexError

loader = DataLoader(dataset, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(0))
inputs, targets = next(iter(loader))
print(f"a batch: inputs {tuple(inputs.shape)}, targets {tuple(targets.shape)}")
assert inputs.shape == (4, 5) and targets.shape == (4,)
assert torch.equal(targets, inputs[:, -1] + 1)  # in this series the next value is the last + 1
