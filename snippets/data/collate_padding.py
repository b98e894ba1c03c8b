"""A collate_fn that pads variable-length sequences into one batch, plus lengths and a mask."""

# %% samples
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence
from torch.utils.data import DataLoader

torch.manual_seed(0)

PAD = 0  # token id 0 is reserved for padding, so no real word may use it

sentences = ["the cat sat", "dogs bark", "a bird sang at dawn today", "rain", "the dogs sat"]
labels = [0, 1, 0, 1, 1]
words = sorted({word for sentence in sentences for word in sentence.split()})
vocabulary = {word: i for i, word in enumerate(words, start=1)}  # ids start at 1: 0 is PAD
samples = [
    (torch.tensor([vocabulary[w] for w in s.split()]), label)
    for s, label in zip(sentences, labels, strict=True)
]  # a plain list is a valid map-style dataset: it has __len__ and __getitem__
print("sample lengths:", [len(tokens) for tokens, _ in samples])

# %% default-collate-fails
try:
    next(iter(DataLoader(samples, batch_size=3)))
except RuntimeError as error:
    print("default collate ->", str(error).splitlines()[0])


# %% pad-batch
def pad_batch(batch):  # (1)!
    """[(tokens, label), ...] -> padded (B, T) tokens, (B,) lengths, (B,) labels."""
    sequences, labels = zip(*batch, strict=True)
    lengths = torch.tensor([len(s) for s in sequences])
    padded = pad_sequence(sequences, batch_first=True, padding_value=PAD)  # (2)!
    return padded, lengths, torch.tensor(labels)


loader = DataLoader(samples, batch_size=3, collate_fn=pad_batch)
tokens, lengths, batch_labels = next(iter(loader))
print(f"padded tokens:\n{tokens}")
print("batch lengths:", lengths, "| labels:", batch_labels)

# %% check
assert tokens.shape == (3, 6) and lengths.tolist() == [3, 2, 6]
for row, length, (original, _) in zip(tokens, lengths, samples[:3], strict=True):
    assert torch.equal(row[:length], original) and (row[length:] == PAD).all()

# %% mask
mask = torch.arange(tokens.shape[1]) < lengths[:, None]  # (1)!
print(f"mask:\n{mask.int()}")

# %% masked-mean
embedding = torch.nn.Embedding(len(vocabulary) + 1, 4)
vectors = embedding(tokens)  # (3, 6, 4); padding positions get a vector too
mean_over_words = (vectors * mask[..., None]).sum(dim=1) / lengths[:, None]  # (1)!
naive_mean = vectors.mean(dim=1)  # averages the padding in as if it were words
for i in range(3):
    same = torch.allclose(naive_mean[i], mean_over_words[i])
    print(f"row {i}: length {lengths[i]}, plain mean == masked mean: {same}")

# %% check
for i, (original, _) in enumerate(samples[:3]):
    torch.testing.assert_close(mean_over_words[i], embedding(original).mean(dim=0))

# %% rnn-and-transformer
packed = pack_padded_sequence(vectors, lengths, batch_first=True, enforce_sorted=False)
print("packed data:", tuple(packed.data.shape), "| real tokens:", lengths.sum().item())  # (1)!
layer = torch.nn.TransformerEncoderLayer(d_model=4, nhead=1, dropout=0.0, batch_first=True)
noisy = vectors + torch.randn_like(vectors) * ~mask[..., None]  # change only the padding
out, out_noisy = (layer(v, src_key_padding_mask=~mask) for v in (vectors, noisy))  # (2)!
print("real positions unchanged:", torch.allclose(out[mask], out_noisy[mask]))

# %% check
assert packed.data.shape == (lengths.sum(), 4)  # only the real tokens are left
torch.testing.assert_close(out[mask], out_noisy[mask])  # real positions never see the padding

# %% batch-shapes
shapes = [tuple(batch_tokens.shape) for batch_tokens, _, _ in loader]
print("batch shapes:", shapes)
