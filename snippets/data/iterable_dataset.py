"""IterableDataset: stream records line by line, and split the stream between worker processes."""

# %% stream-class
import tempfile
from pathlib import Path

import torch
from torch.utils.data import DataLoader, IterableDataset, get_worker_info


class LogLines(IterableDataset):
    """Yields (line number, text) while reading the file; it never loads the whole file."""

    def __init__(self, path, shard=True):
        self.path = path
        self.shard = shard

    def __iter__(self):
        worker = get_worker_info()  # (1)!
        worker_id, num_workers = (worker.id, worker.num_workers) if worker else (0, 1)
        with open(self.path) as lines:
            for number, line in enumerate(lines):
                if self.shard and number % num_workers != worker_id:  # (2)!
                    continue
                yield number, line.rstrip("\n")


# %% one-process
if __name__ == "__main__":  # (1)!
    torch.manual_seed(0)
    workdir = tempfile.TemporaryDirectory()
    path = Path(workdir.name) / "events.log"
    path.write_text("".join(f"event {n:02d}\n" for n in range(10)))

    stream = LogLines(path)
    first_batch = next(iter(DataLoader(stream, batch_size=4)))
    print("one batch:", first_batch)


# %% without-sharding
def line_numbers(loader):
    """The line numbers of one pass over the loader, in the order they arrive."""
    return [n for numbers, _ in loader for n in numbers.tolist()]


if __name__ == "__main__":
    copies = DataLoader(LogLines(path, shard=False), batch_size=4, num_workers=2)  # (1)!
    numbers = line_numbers(copies)
    print("without sharding:", numbers)

# %% check
if __name__ == "__main__":
    assert first_batch[0].tolist() == [0, 1, 2, 3] and first_batch[1][0] == "event 00"
    assert sorted(numbers) == sorted(list(range(10)) * 2)  # every line twice

# %% with-sharding
if __name__ == "__main__":
    shards = DataLoader(stream, batch_size=2, num_workers=2)
    batches = [numbers.tolist() for numbers, _ in shards]
    print("with sharding:   ", batches)

# %% check
if __name__ == "__main__":
    assert sorted(n for batch in batches for n in batch) == list(range(10))  # exactly once
    assert batches[:2] == [[0, 2], [1, 3]]  # batch from worker 0, then from worker 1
    # Each worker batches its own shard, so each one ends with its own short batch.
    assert [len(batch) for batch in batches] == [2, 2, 2, 2, 1, 1]

# %% drop-last
if __name__ == "__main__":
    kept = line_numbers(DataLoader(stream, batch_size=2, num_workers=2, drop_last=True))
    print("drop_last=True:  ", kept)

# %% check
if __name__ == "__main__":
    assert sorted(kept) == list(range(8))

# %% no-shuffle
if __name__ == "__main__":
    try:
        DataLoader(stream, shuffle=True)
    except ValueError as error:
        print("shuffle=True ->", error)
    workdir.cleanup()
