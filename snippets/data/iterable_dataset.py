"""IterableDataset: stream records line by line, and split the stream between worker processes."""

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


def line_numbers(loader):
    return [n for numbers, _ in loader for n in numbers.tolist()]


def main():
    torch.manual_seed(0)
    workdir = tempfile.TemporaryDirectory()
    path = Path(workdir.name) / "events.log"
    path.write_text("".join(f"event {n:02d}\n" for n in range(10)))

    # In the main process (num_workers=0) the stream is read once, in file order.
    stream = LogLines(path)
    first_batch = next(iter(DataLoader(stream, batch_size=4)))
    print("one batch:", first_batch)
    assert first_batch[0].tolist() == [0, 1, 2, 3] and first_batch[1][0] == "event 00"

    # Two workers, no sharding: each worker holds a full copy and replays the whole file.
    copies = DataLoader(LogLines(path, shard=False), batch_size=4, num_workers=2)  # (3)!
    numbers = line_numbers(copies)
    print("without sharding:", numbers)
    assert sorted(numbers) == sorted(list(range(10)) * 2)  # every line twice

    # Two workers, sharded: worker k keeps lines k, k+2, k+4, ...; batches alternate workers.
    shards = DataLoader(stream, batch_size=2, num_workers=2)
    batches = [numbers.tolist() for numbers, _ in shards]
    print("with sharding:   ", batches)
    numbers = [n for batch in batches for n in batch]
    assert sorted(numbers) == list(range(10))  # every line exactly once
    assert batches[:2] == [[0, 2], [1, 3]]  # batch from worker 0, then from worker 1
    # Each worker batches its own shard, so each one ends with its own short batch.
    assert [len(batch) for batch in batches] == [2, 2, 2, 2, 1, 1]

    # drop_last=True drops every worker's short batch: lines 8 and 9 are never seen.
    kept = line_numbers(DataLoader(stream, batch_size=2, num_workers=2, drop_last=True))
    print("drop_last=True:  ", kept)
    assert sorted(kept) == list(range(8))

    # A stream has no indices to shuffle; shuffle a buffer inside __iter__ if you need it.
    try:
        DataLoader(stream, shuffle=True)
    except ValueError as error:
        print("shuffle=True ->", error)
    else:
        raise AssertionError("an IterableDataset cannot be shuffled by the DataLoader")
    workdir.cleanup()


if __name__ == "__main__":  # (4)!
    main()
