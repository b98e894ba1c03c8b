"""DataLoader workers under the "spawn" start method (the default on Windows and macOS) import
your script again. Without the __main__ guard that import starts the workers again, and fails."""

# %% run-a-script
import subprocess
import sys
import tempfile
from pathlib import Path


def run_script(source):
    """Save the source as train.py in an empty folder and run it as `python train.py`."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "train.py"
        script.write_text(source, encoding="utf-8")
        return subprocess.run(
            [sys.executable, str(script)], cwd=folder, capture_output=True, text=True, timeout=120
        )


# %% unguarded
UNGUARDED = """\
import torch
from torch.utils.data import DataLoader, TensorDataset

loader = DataLoader(TensorDataset(torch.arange(8.0)), batch_size=4, num_workers=1,
                    multiprocessing_context="spawn")
print(sum(batch.sum().item() for (batch,) in loader))
"""
result = run_script(UNGUARDED)  # (1)!
print("exit code:", result.returncode)
# The worker's error: the message starts on the line after "RuntimeError:".
worker_message = " ".join(result.stderr.split("RuntimeError:")[1].split("\n\n")[0].split())  # (2)!
print("worker:       RuntimeError:", worker_message)
last_line = result.stderr.strip().splitlines()[-1]
head, _, rest = last_line.partition(" (pid(s) ")
print("main process:", head, "(pid(s) …)", rest.partition(") ")[2])  # (3)!

# %% check
assert head == "RuntimeError: DataLoader worker" and last_line.endswith("exited unexpectedly")

# %% guarded
GUARDED = """\
import torch
from torch.utils.data import DataLoader, TensorDataset


def main():
    loader = DataLoader(TensorDataset(torch.arange(8.0)), batch_size=4, num_workers=1,
                        multiprocessing_context="spawn")
    print(sum(batch.sum().item() for (batch,) in loader))


if __name__ == "__main__":
    main()
"""
result = run_script(GUARDED)  # (1)!
print("exit code:", result.returncode, "| printed:", result.stdout.strip())  # 0 + 1 + ... + 7
