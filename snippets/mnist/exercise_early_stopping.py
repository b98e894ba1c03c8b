"""Exercise: the early-stopping rule of train.py, on a list of validation losses."""


def early_stopping(val_losses, patience):
    """(the epoch training stops after, the best epoch whose weights are kept); epochs from 1."""
    best_epoch, best_loss = 0, float("inf")
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:  # only a strictly lower loss is an improvement
            best_epoch, best_loss = epoch, loss
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch  # ran every epoch


val_losses = [0.40, 0.31, 0.27, 0.28, 0.26, 0.29, 0.30, 0.31, 0.25]
for patience in (1, 2, 3, 4):
    stop, best = early_stopping(val_losses, patience)
    print(
        f"patience {patience}: stop after epoch {stop}, keep epoch {best} ({val_losses[best - 1]})"
    )

assert early_stopping(val_losses, patience=2) == (7, 5)
assert early_stopping(val_losses, patience=1) == (4, 3)
assert early_stopping(val_losses, patience=3) == (8, 5)
assert early_stopping(val_losses, patience=4) == (9, 9)  # the last epoch was the best
assert early_stopping([0.3, 0.3, 0.3], patience=2) == (3, 1)  # a tie is no improvement
