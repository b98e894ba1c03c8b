"""Data chapter: the helpers the pages explain hold beyond the one case each snippet prints.
(That an MNIST snippet offline and without data stops with one clear line is checked for every
such snippet in tests/test_snippets.py.)

The helpers are imported with runpy in this process; tests/test_snippets.py already runs every
snippet as a reader would.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

from tools.snippets import SNIPPETS, run_quietly

CHAPTER = SNIPPETS / "data"


@pytest.mark.snippet("data/iterable_dataset")
@pytest.mark.parametrize("num_workers", [1, 2, 3, 4])
def test_sharding_gives_every_line_to_exactly_one_worker(num_workers, tmp_path):
    namespace = run_quietly(CHAPTER / "iterable_dataset.py", run_name="iterable_dataset")
    stream_class = namespace["LogLines"]
    module_globals = stream_class.__iter__.__globals__
    path = tmp_path / "lines.txt"
    path.write_text("".join(f"line {n}\n" for n in range(11)))  # not a multiple of any count

    seen = []
    original = module_globals["get_worker_info"]
    try:
        for worker_id in range(num_workers):
            info = SimpleNamespace(id=worker_id, num_workers=num_workers)
            module_globals["get_worker_info"] = lambda info=info: info
            seen.extend(number for number, _ in stream_class(path))
    finally:
        module_globals["get_worker_info"] = original
    assert sorted(seen) == list(range(11))


@pytest.mark.snippet("data/collate_padding")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pad_batch_round_trips_random_lengths(seed):
    pad_batch = run_quietly(CHAPTER / "collate_padding.py")["pad_batch"]
    generator = torch.Generator().manual_seed(seed)
    lengths = torch.randint(1, 9, (6,), generator=generator).tolist()
    batch = [
        (torch.randint(1, 50, (n,), generator=generator), i % 2) for i, n in enumerate(lengths)
    ]
    padded, got_lengths, labels = pad_batch(batch)
    assert padded.shape == (6, max(lengths)) and got_lengths.tolist() == lengths
    assert labels.tolist() == [i % 2 for i in range(6)]
    for row, (tokens, _) in zip(padded, batch, strict=True):
        assert torch.equal(row[: len(tokens)], tokens) and (row[len(tokens) :] == 0).all()
