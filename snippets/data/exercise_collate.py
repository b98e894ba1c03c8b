"""Exercise: a collate_fn that pads to a multiple of 8 and returns a padding mask."""

import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader

torch.manual_seed(0)
PAD, MULTIPLE = 0, 8
lengths = [3, 11, 5, 7, 2, 6]
sentences = [torch.randint(1, 100, (n,)) for n in lengths]  # ids start at 1: 0 is PAD


def pad_to_multiple(batch):
    """List of 1-D id tensors -> (B, T) ids with T a multiple of 8, and a (B, T) bool mask."""
    padded = pad_sequence(batch, batch_first=True, padding_value=PAD)
    extra = -padded.shape[1] % MULTIPLE  # columns still missing up to the next multiple
    padded = torch.nn.functional.pad(padded, (0, extra), value=PAD)
    return padded, padded != PAD


loader = DataLoader(sentences, batch_size=3, collate_fn=pad_to_multiple)
for number, (ids, mask) in enumerate(loader, start=1):
    batch_lengths = lengths[(number - 1) * 3 : number * 3]
    print(f"batch {number}: lengths {batch_lengths} -> ids {tuple(ids.shape)}")
    assert ids.shape[1] % MULTIPLE == 0 and ids.shape[1] - max(batch_lengths) < MULTIPLE
    assert mask.dtype == torch.bool and mask.sum(dim=1).tolist() == batch_lengths
    for row, sentence in zip(ids, sentences[(number - 1) * 3 : number * 3], strict=True):
        assert torch.equal(row[: len(sentence)], sentence)  # the real ids come first, unchanged
assert number == 2
