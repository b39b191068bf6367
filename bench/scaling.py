#!/usr/bin/python3
"""Throughput and memory of mdn4j training as the data set grows.

Trains the wide model (hidden 64,64, K = 8, toy-inverse) with minibatches at each N, two ways:

1. Throughput, all sizes in one process ('mdn bench scaling'): each size has its own data and
   trainer and they take turns of whole epochs, round after round, the order rotated each round.
   A slow phase of a shared machine then falls on every size alike and every size runs the same
   compiled kernels; one process per size measured the machine's minutes and each JVM's own
   compilations as much as N (one size's runs spread 24-47% on a 2-core virtual machine). Each size
   reports the median of its turns and, paired, the median of its turn's rate over the round's
   median across sizes.
2. Memory, one process per size: each JVM runs under a heap cap of --heap-base MiB plus the bytes
   its data needs (x and t as float, and the trainer's int shuffle order: 12 bytes a row for this
   one-input, one-target problem); a run that finishes proves the engine's peak heap stayed within
   the data plus that constant, whatever N is. Its peak resident memory is printed beside the size
   of its data, with its own samples/s (second half of the run) for reference. Epochs are chosen so
   each run sees about --samples samples; with --repeats R every size runs R times, round-robin.

  scripts/scaling [--sizes 1000,10000,...] [--batch 512] [--threads 1] [--rounds 9] [--turn-seconds 2]
                  [--samples 1e7] [--repeats 1]

The default batch, 512, is below the smallest default size, so every size trains in minibatches
(with 1,024 the N = 1,000 run would be one full batch an epoch: no shuffle, no gather).

Only stdlib; the launcher is scripts/mdn (snapshotted, as compare.py does).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "pytorch"))
import compare  # noqa: E402  (snapshot_launcher, ROOT)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1000,10000,100000,1000000,10000000")
    p.add_argument("--batch", type=int, default=512, help="minibatch size (default: 512)")
    p.add_argument("--rounds", type=int, default=9, help="timed rounds of turns in the one-process throughput run (default: 9)")
    p.add_argument("--turn-seconds", type=float, default=2.0, help="least length of a turn (default: 2)")
    p.add_argument("--samples", type=float, default=1e7, help="samples per memory run (default: 1e7)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--heap-base", type=int, default=64, help="MiB of heap allowed beyond the data (default: 64)")
    p.add_argument("--repeats", type=int, default=1, help="memory runs per size, round-robin (default: 1)")
    p.add_argument("--mdn", help="an mdn launcher to run as it is (default: a snapshot of this checkout)")
    args = p.parse_args()
    if args.repeats < 1:
        compare.fail("--repeats must be at least 1")
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    # per size: epochs (about the same samples per run), data bytes, heap cap in MiB
    plan = {n: (max(2, round(args.samples / n)), n * 12, args.heap_base + -(-n * 12 // 2**20)) for n in sizes}
    runs = {n: [] for n in sizes}
    with tempfile.TemporaryDirectory(prefix="mdn4j-scaling-") as workdir:
        launcher = args.mdn or compare.snapshot_launcher(os.path.join(compare.ROOT, "scripts", "mdn"), workdir)[0]
        interleaved = run_interleaved(launcher, sizes, args)
        for repeat in range(args.repeats):
            for n in sizes:
                epochs, _, cap = plan[n]
                result, peak = run_measured(launcher, n, args.batch, epochs, args.threads, workdir, cap)
                steady = result["steady_epochs_per_s"] * n
                runs[n].append((steady, result["samples_per_s"], peak))
                print(f"N={n} run {repeat + 1}/{args.repeats}: {steady:,.0f} samples/s steady, "
                      f"peak RSS {peak / 2**20:,.0f} MiB", file=sys.stderr)
    rows = []
    for n in sizes:
        epochs, data, cap = plan[n]
        steadies = [r[0] for r in runs[n]]
        rows.append((n, epochs, statistics.median(steadies), statistics.median([r[1] for r in runs[n]]), max(r[2] for r in runs[n]),
                     data, cap, min(steadies), max(steadies)))
    best = max(r[2] for r in rows)
    worst = min(r[2] for r in rows)
    mid = sorted(r[2] for r in rows)[len(rows) // 2]
    print(f"memory, one process per size: wide model (1-64-64-24, K=8), batch {args.batch}, {args.threads} thread(s), "
          f"{args.repeats} run(s) per size")
    print("| N | epochs | samples/s, 2nd half | vs median | 2nd-half min-max | samples/s, whole run | data (MiB) "
          "| heap cap (MiB) | peak RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, epochs, steady, whole, peak, data, cap, low, high in rows:
        print(f"| {n:,} | {epochs} | {steady:,.0f} | {100 * (steady / mid - 1):+.1f}% | {low:,.0f}-{high:,.0f} "
              f"| {whole:,.0f} | {data / 2**20:,.1f} | {cap} | {peak / 2**20:,.0f} |")
    centre = (best + worst) / 2
    print(f"spread: slowest {worst:,.0f}, fastest {best:,.0f} samples/s ({100 * (best / worst - 1):.1f}% apart; "
          f"every size within ±{100 * (best - centre) / centre:.1f}% of their midpoint, {centre:,.0f}; "
          f"the 'vs median' column measures from the middle size instead)")
    print()
    print_interleaved(interleaved, args)


def run_interleaved(launcher, sizes, args):
    """'mdn bench scaling --json': one JSON object per size, then the spread."""
    argv = [launcher, "bench", "scaling", "--sizes", ",".join(str(n) for n in sizes),
            "--batch", str(args.batch), "--threads", str(args.threads), "--rounds", str(args.rounds),
            "--seconds", str(args.turn_seconds), "--json"]
    print(f"one process, sizes in turns: {' '.join(argv[1:])}", file=sys.stderr)
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        compare.fail(f"'{' '.join(argv)}' exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return [json.loads(line) for line in proc.stdout.strip().splitlines()]


def print_interleaved(lines, args):
    *sizes, spread = lines
    print(f"throughput, every size in one process in turns ('mdn bench scaling', {spread['kernels']} kernels, "
          f"batch {args.batch}, {args.threads} thread(s), {args.rounds} rounds of turns of at least "
          f"{args.turn_seconds:g} s)")
    print("| N | samples/s (median of turns) | vs the sizes' median | turns' range | paired: vs each round's median |")
    print("|---:|---:|---:|---:|---:|")
    for s in sizes:
        print(f"| {s['n']:,} | {s['samples_per_s']:,.0f} | {100 * s['vs_median']:+.1f}% | "
              f"{s['lowest']:,.0f}-{s['highest']:,.0f} | {100 * s['paired_vs_round']:+.1f}% |")
    print(f"spread: {100 * spread['vs_median_low']:+.1f}% ... {100 * spread['vs_median_high']:+.1f}% of the sizes' "
          f"median; paired {100 * spread['paired_low']:+.1f}% ... {100 * spread['paired_high']:+.1f}%")


def run_measured(launcher, n, batch, epochs, threads, workdir, heap_mib):
    """Runs one process and takes its peak RSS from the kernel's accounting of that child alone."""
    argv = [launcher, "train", "--data", "toy-inverse", "--n", str(n), "--components", "8",
            "--hidden", "64,64", "--batch", str(batch), "--epochs", str(epochs), "--threads", str(threads),
            "--json", "--quiet", "--out", os.path.join(workdir, "model.mdn")]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        env = dict(os.environ, MDN4J_JAVA_OPTS=f"-Xmx{heap_mib}m")
        proc = subprocess.Popen(argv, stdout=out, stderr=err, text=True, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            compare.fail(f"'{' '.join(argv)}' exited {proc.returncode}: {err.read().strip()[-500:]}")
        # ru_maxrss is in KiB on Linux; scripts/mdn execs the JVM, so the child is the JVM itself
        return json.loads(out.read().strip().splitlines()[-1]), usage.ru_maxrss * 1024


if __name__ == "__main__":
    main()
