"""DataLoader workers: a seed function per worker, and the __main__ guard that spawn needs."""

# %% random-dataset
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class RandomShifts(Dataset):
    """Stands in for random augmentation: each item draws from a generator the dataset owns."""

    def __init__(self):
        self.rng = np.random.default_rng(0)

    def __len__(self):
        return 8

    def __getitem__(self, index):
        shift = int(self.rng.integers(0, 100))
        return index, get_worker_info().id, shift


# %% copies
def shifts_by_worker(loader):
    """The shifts each worker drew, in order: {worker id: [shift, ...]}."""
    shifts = {0: [], 1: []}
    for _, worker_ids, batch_shifts in loader:
        for worker_id, shift in zip(worker_ids.tolist(), batch_shifts.tolist(), strict=True):
            shifts[worker_id].append(shift)
    return shifts


if __name__ == "__main__":  # (1)!
    torch.manual_seed(0)
    copies = shifts_by_worker(DataLoader(RandomShifts(), batch_size=2, num_workers=2))
    print("without a seed function:", copies)


# %% seed-worker
def seed_worker(worker_id):  # (1)!
    """Runs first in every worker: give that worker's copy of the dataset its own generator."""
    worker = get_worker_info()
    worker.dataset.rng = np.random.default_rng(worker.seed)  # seed = base seed + worker id


def seeded_loader():
    return DataLoader(
        RandomShifts(),
        batch_size=2,
        num_workers=2,
        worker_init_fn=seed_worker,
        generator=torch.Generator().manual_seed(0),  # (2)!
    )


if __name__ == "__main__":
    first, second = shifts_by_worker(seeded_loader()), shifts_by_worker(seeded_loader())
    print("with seed_worker:        ", first)
    print("a second run:            ", second)

# %% check
if __name__ == "__main__":
    assert copies[0] == copies[1]  # the same "random" shifts in both workers
    assert first[0] != first[1]  # each worker draws its own numbers ...
    assert first == second  # ... and the same ones on every run


# %% spawn
class WhereAmI(Dataset):
    """Reports which worker loaded each item, and under what name this file was imported there."""

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return index, get_worker_info().id, __name__


if __name__ == "__main__":
    spawned = DataLoader(
        WhereAmI(),
        batch_size=2,
        num_workers=2,
        multiprocessing_context="spawn",  # (1)!
    )
    for indices, worker_ids, module_names in spawned:
        print(f"worker {worker_ids[0]} loaded {indices.tolist()}, __name__ == {module_names[0]!r}")

# %% unguarded
UNGUARDED = """\
import multiprocessing

def work():
    pass

# No `if __name__ == "__main__":` guard: the spawned child imports this file and gets here too.
child = multiprocessing.get_context("spawn").Process(target=work)
child.start()
child.join()
print("child exit code:", child.exitcode)
"""

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as workdir:
        script = Path(workdir) / "unguarded.py"
        script.write_text(UNGUARDED)
        result = subprocess.run(
            [sys.executable, script], capture_output=True, text=True, timeout=120
        )
    message = " ".join(result.stderr.split())  # the child's traceback, on one line
    reason = re.search(r"RuntimeError: (.*? phase\.)", message)
    print(result.stdout.strip(), "| RuntimeError:", reason[1] if reason else message)

# %% check
if __name__ == "__main__":
    assert result.stdout.strip() == "child exit code: 1" and reason
