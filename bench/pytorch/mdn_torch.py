#!/usr/bin/env python3
"""PyTorch peer of `mdn train`: trains the seed's networks and prints one JSON object.

The point is a like-for-like timing against mdn4j, so this script keeps the seed's PyTorch
structure (nn.Sequential of Linear layers, Adam, and the seed's per-batch loop: forward, loss,
loss.item(), backward, step, zero_grad) and reports the same figures as
`mdn train --json`: epochs, samples, train_seconds (the training loop alone), epochs_per_s,
samples_per_s, final_loss (mean loss per sample of the last epoch), backend, threads.

Run it with Debian's interpreter, which has python3-torch:  /usr/bin/python3 mdn_torch.py ...

Problems (every option below can still override a value):
  seed  N=300, 1-5-5-9 ReLU MDN, K=3, full batch, 5000 epochs, lr 0.001   (the blog's MDN)
        with --model mlp: 1-6-6-1 sigmoid/softplus L2 net, 2000 epochs, lr 0.05 for
        toy-inverse and 0.1 for toy (the blog's inverse and forward learning rates)
  wide  N=65,536, hidden 64,64, K=8, full batch, 20 epochs, lr 0.001     (a throughput problem)

--device cuda runs it on the GPU (the data moved there once, as mdn4j's device backends do);
the timed loop is bracketed by torch.cuda.synchronize(), so it counts the GPU's work, not
only the launches.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

# numpy and torch are imported by import_torch(), after the arguments are read: see there.
np = torch = nn = F = None

PROBLEMS = {
    "seed": {"n": 300, "hidden": [5, 5], "components": 3, "epochs": 5000, "lr": 1e-3},
    "wide": {"n": 65536, "hidden": [64, 64], "components": 8, "epochs": 20, "lr": 1e-3},
}
# The blog's L2 baseline: two hidden layers of 6, 2000 epochs, its own learning rates.
SEED_MLP = {"hidden": [6, 6], "epochs": 2000, "lr": {"toy": 0.1, "toy-inverse": 0.05}}

LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def import_torch(threads):
    """Imports numpy and torch with the BLAS limited to `threads`.

    Debian's torch is built against the generic libblas.so.3 (reference BLAS unless an
    optimised one such as OpenBLAS is installed or put first on LD_LIBRARY_PATH).
    torch.set_num_threads only reaches OpenMP and a BLAS torch knows it was built with, and
    OpenBLAS reads OPENBLAS_NUM_THREADS once, when it is loaded; so the variable is set here,
    before the import, or --threads 1 would still run the matrix products on every core.
    """
    global np, torch, nn, F
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    os.environ["OMP_NUM_THREADS"] = str(threads)
    try:
        import numpy as np
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
    except ImportError as e:  # the pyenv python3 first on PATH has no torch; say what to do
        sys.exit(f"mdn_torch: {e}; run with /usr/bin/python3 (install Debian's python3-torch: "
                 "apt-get install -y python3-torch)")
    torch.set_num_threads(threads)


def loaded_blas():
    """(label, path) of the BLAS library this process mapped, read from /proc/self/maps.

    Which BLAS torch got decides its speed on wide layers (several times over), so every
    result says which one it ran with.
    """
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]}
    except OSError:
        return "unknown", ""
    for path in sorted(paths):
        if "openblas" in path:
            return "openblas", path
        if "mkl" in path:
            return "mkl", path
        if "blis" in path:
            return "blis", path
    for path in sorted(paths):
        if "libblas.so" in path:
            return "reference", path  # Debian's /usr/lib/<arch>/blas: the Netlib code
    return ("unknown", "") if not paths else ("other", sorted(paths)[0])


def toy_data(n, seed, inverse):
    """The seed's generator, x ~ U(0,1), t = x + 0.3 sin(2πx) + U(-0.1,0.1), as float32 columns.

    Same draws as the blog's numpy code (default_rng(seed)); mdn4j uses its own RNG, so the two
    engines see statistically identical, not bitwise identical, data.
    """
    rng = np.random.default_rng(seed)
    x = rng.random(n)
    t = x + 0.3 * np.sin(2 * np.pi * x) + (0.2 * rng.random(n) - 0.1)
    inputs, targets = (t, x) if inverse else (x, t)
    column = lambda a: torch.from_numpy(a.astype(np.float32)).unsqueeze(1)
    return column(inputs), column(targets)


def mdn_network(inputs, hidden, k, l):
    """The seed's MixtureDensityNet stack, any depth: ReLU hidden layers, then K·(L+2) outputs
    laid out as [π logits K | means K×L | log σ K], the same head layout as mdn4j."""
    layers, width = [], inputs
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        width = h
    layers.append(nn.Linear(width, k * (l + 2)))
    return nn.Sequential(*layers)


def mlp_network(inputs, hidden, outputs):
    """The seed's L2 net: sigmoid after the first hidden layer, softplus after the others."""
    layers, width = [], inputs
    for i, h in enumerate(hidden):
        layers += [nn.Linear(width, h), nn.Sigmoid() if i == 0 else nn.Softplus()]
        width = h
    layers.append(nn.Linear(width, outputs))
    return nn.Sequential(*layers)


def mdn_nll(head, target, k, l):
    """Mean negative log-likelihood of an isotropic Gaussian mixture, in log-sum-exp form.

    The blog's loss takes log(Σ π·N), which underflows to -log(0) once a point sits many σ from
    every component; the LSE form (the blog's "General Case") is the stable equivalent and the
    one mdn4j computes. The Normal log-density is written out rather than taken from
    torch.distributions, whose per-call object construction and argument checks would be timed
    as framework overhead that has nothing to do with the arithmetic.
    """
    logits = head[:, :k]
    mu = head[:, k:k + k * l].reshape(-1, k, l)
    log_sigma = head[:, k + k * l:]
    z = (target.unsqueeze(1) - mu) * torch.exp(-log_sigma).unsqueeze(2)
    log_normal = -0.5 * (z * z).sum(2) - l * (log_sigma + LOG_SQRT_2PI)
    return -torch.logsumexp(F.log_softmax(logits, dim=1) + log_normal, dim=1).mean()


class SeedDataset:
    """The blog's train_dataset (map-style, which is all DataLoader needs), for --loader dataloader."""

    def __init__(self, x, t):
        self.x, self.t = x, t

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.t[idx]


def batches(x, t, batch, shuffle, generator, loader):
    """Yields one epoch's (inputs, targets) batches.

    The default slices the tensors directly: the blog's DataLoader fetches and collates one row
    at a time in Python, which at N=300 costs more than the network itself and would turn the
    benchmark into one of the Python interpreter. --loader dataloader keeps it, to show that cost.
    Shuffling follows mdn4j: a fresh permutation each epoch for minibatches, none for full batch.
    """
    n = len(x)
    if loader is not None:
        yield from loader
        return
    if not shuffle:
        for start in range(0, n, batch):
            yield x[start:start + batch], t[start:start + batch]
        return
    order = torch.randperm(n, generator=generator).to(x.device)
    for start in range(0, n, batch):
        idx = order[start:start + batch]
        yield x[idx], t[idx]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--problem", choices=sorted(PROBLEMS), default="seed",
                   help="preset sizes (default: seed); the options below override it")
    p.add_argument("--model", choices=["mdn", "mlp"], default="mdn",
                   help="mdn: mixture density network; mlp: the seed's L2 baseline (default: mdn)")
    p.add_argument("--data", choices=["toy", "toy-inverse"], default="toy-inverse",
                   help="toy maps x->t, toy-inverse t->x (default: toy-inverse)")
    p.add_argument("--n", type=int, help="rows to generate")
    p.add_argument("--hidden", help="hidden layer widths, e.g. 5,5")
    p.add_argument("--components", type=int, help="mixture components K (mdn only)")
    p.add_argument("--epochs", type=int)
    p.add_argument("--batch", type=int, help="minibatch size (default: full batch)")
    p.add_argument("--lr", type=float, help="Adam learning rate")
    p.add_argument("--seed", type=int, default=19, help="data and initialisation seed (default: 19)")
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default: 1)")
    p.add_argument("--loader", choices=["tensor", "dataloader"], default="tensor",
                   help="tensor: slice tensors; dataloader: the blog's per-row DataLoader (default: tensor)")
    p.add_argument("--runs", type=int, default=1,
                   help="train R times from the same start in this one process, as mdn4j's --runs; the JSON "
                        "lists each run's epochs/s and the median of the runs after the first (default: 1)")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu",
                   help="where the model, the data and the training loop live (default: cpu)")
    a = p.parse_args(argv)
    if a.device == "cuda" and a.loader == "dataloader":
        p.error("--loader dataloader collates on the CPU; use --loader tensor with --device cuda")

    preset = dict(PROBLEMS[a.problem])
    if a.model == "mlp" and a.problem == "seed":
        preset.update(hidden=SEED_MLP["hidden"], epochs=SEED_MLP["epochs"], lr=SEED_MLP["lr"][a.data])
    a.n = a.n if a.n is not None else preset["n"]
    a.hidden = [int(w) for w in a.hidden.split(",")] if a.hidden else preset["hidden"]
    a.components = a.components if a.components is not None else preset["components"]
    a.epochs = a.epochs if a.epochs is not None else preset["epochs"]
    a.lr = a.lr if a.lr is not None else preset["lr"]
    a.batch = min(a.batch, a.n) if a.batch else a.n
    for name in ("n", "components", "epochs", "batch", "threads", "runs"):
        if getattr(a, name) < 1:
            p.error(f"--{name} must be at least 1")
    if any(w < 1 for w in a.hidden):
        p.error("--hidden: layer widths must be at least 1")
    return a


def main(argv):
    a = parse_args(argv)
    import_torch(a.threads)
    torch.manual_seed(a.seed)
    if a.device == "cuda" and not torch.cuda.is_available():
        sys.exit("mdn_torch: --device cuda: this torch sees no CUDA device "
                 f"(torch {torch.__version__}, built for CUDA {torch.version.cuda})")
    device = torch.device(a.device)
    # the bracket around the timed loop: on a GPU, wait for the queued work
    sync = torch.cuda.synchronize if a.device == "cuda" else (lambda: None)

    x, t = toy_data(a.n, a.seed, inverse=a.data == "toy-inverse")
    x, t = x.to(device), t.to(device)
    inputs, l = x.shape[1], t.shape[1]
    # The spec string is written the way mdn4j's --json writes its own.
    layers = lambda acts: "-".join([str(inputs)] + [f"{w}({f})" for w, f in zip(a.hidden, acts)])
    speeds = []
    for run in range(a.runs):
        # every run starts from the same weights and data order, as mdn4j's --runs does
        torch.manual_seed(a.seed)
        if a.model == "mdn":
            model = mdn_network(inputs, a.hidden, a.components, l)
            loss_fn = lambda pred, target: mdn_nll(pred, target, a.components, l)
            spec = f"mdn {layers(['relu'] * len(a.hidden))}-{a.components * (l + 2)} K={a.components} L={l}"
        else:
            model = mlp_network(inputs, a.hidden, l)
            loss_fn = nn.MSELoss()
            spec = f"mlp {layers(['sigmoid'] + ['softplus'] * (len(a.hidden) - 1))}-{l}"
        model = model.to(device)
        optimizer = torch.optim.Adam(model.parameters(), lr=a.lr)

        shuffle = a.batch < a.n
        generator = torch.Generator().manual_seed(a.seed)
        loader = None
        if a.loader == "dataloader":
            loader = torch.utils.data.DataLoader(SeedDataset(x, t), batch_size=a.batch, shuffle=shuffle,
                                                 generator=generator)

        model.train()
        final_loss = float("nan")
        sync()
        start = time.perf_counter()
        half_time = start
        for epoch in range(a.epochs):
            losstot = 0.0
            for xb, tb in batches(x, t, a.batch, shuffle, generator, loader):
                loss = loss_fn(model(xb), tb)
                # The seed's per-batch loss.item() (a synchronisation point, so it stays in the
                # timed loop); weighted by rows so a short last batch counts as in mdn4j's mean.
                losstot += loss.item() * len(xb)
                loss.backward()
                optimizer.step()
                optimizer.zero_grad()
            final_loss = losstot / a.n
            if epoch + 1 == a.epochs // 2:
                sync()
                half_time = time.perf_counter()
        sync()
        end = time.perf_counter()
        speeds.append(a.epochs / (end - start))
    seconds = end - start
    blas = loaded_blas()

    print(json.dumps({
        "model": a.model,
        "spec": spec,
        "data": a.data,
        "epochs": a.epochs,
        "samples": a.n,
        "train_seconds": seconds,
        "epochs_per_s": a.epochs / seconds,
        "samples_per_s": a.epochs * a.n / seconds,
        # the second half of the epochs, as mdn4j reports it (its JIT has compiled by then)
        "steady_epochs_per_s": (a.epochs - a.epochs // 2) / (end - half_time),
        "final_loss": final_loss,
        "runs": a.runs,
        "runs_epochs_per_s": speeds,
        "warm_epochs_per_s": statistics.median(speeds[1:]) if a.runs > 1 else None,
        "backend": "pytorch",
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "blas": blas[0],
        "blas_path": blas[1],
        "loader": a.loader,
        "device": torch.cuda.get_device_name(device) if a.device == "cuda" else "cpu",
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
