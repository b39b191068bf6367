#!/usr/bin/env python3
"""Side-by-side training throughput of mdn4j and PyTorch on the same MDN problems.

Runs `scripts/mdn train ... --json --quiet` (simd and scalar kernels) and mdn_torch.py on
  seed  N=300, 1-5-5-9 ReLU MDN, K=3, full batch, 5000 epochs, lr 0.001 (the blog's problem)
  wide  N=65,536, hidden 64,64, K=8, full batch, 20 epochs, lr 0.001
at each thread count, R times, and prints median epochs/s and samples/s, the final loss and
mdn4j's speed as a multiple of PyTorch's at the same thread count. Only stdlib: it is run by
/usr/bin/python3, the interpreter that has Debian's python3-torch.

Both engines time their training loop alone (no JVM or interpreter start, no data generation),
so the figures compare the engines, not the launchers.

The environment is passed through to every run. On a machine whose CPUs are shared with other
work, libgomp's spin-waiting can make PyTorch's 2-thread runs many times slower than 1 thread;
OMP_WAIT_POLICY=passive in the environment shows how much of a figure is that.
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OPENBLAS_PACKAGE = "libopenblas0-pthread"
# Where Debian's OpenBLAS package puts its libblas.so.3 (relative to / or to an extracted tree).
OPENBLAS_SUBDIR = "usr/lib/x86_64-linux-gnu/openblas-pthread"


class Problem:
    def __init__(self, name, n, hidden, components, epochs, lr=0.001):
        self.name, self.n, self.hidden = name, n, hidden
        self.components, self.epochs, self.lr = components, epochs, lr

    def describe(self):
        return (f"{self.name}: toy-inverse N={self.n}, hidden {self.hidden} ReLU, K={self.components}, "
                f"full batch, {self.epochs} epochs, Adam lr {self.lr}")


class Engine:
    """One column of the comparison: how to launch a run and how to label it."""

    def __init__(self, name, backend, command, env=None):
        self.name, self.backend, self.command, self.env = name, backend, command, env

    def argv(self, problem, threads, workdir):
        return self.command(problem, threads, workdir)


def mdn4j_engine(launcher, backend, runs):
    """runs: trainings per process (--runs); the first includes the JIT's warm-up."""
    def command(p, threads, workdir):
        return [launcher, "train", "--data", "toy-inverse", "--n", str(p.n),
                "--components", str(p.components), "--hidden", p.hidden, "--activation", "relu",
                "--epochs", str(p.epochs), "--batch", str(p.n), "--lr", str(p.lr), "--seed", "19",
                "--backend", backend, "--threads", str(threads), "--json", "--quiet",
                "--runs", str(runs), "--out", os.path.join(workdir, "model.mdn")]
    return Engine("mdn4j", backend, command)


def torch_engine(python, label, runs, env=None):
    script = os.path.join(HERE, "mdn_torch.py")

    def command(p, threads, workdir):
        # Every size is passed explicitly, so both engines are sure to train the same problem.
        return [python, script, "--problem", p.name, "--data", "toy-inverse", "--n", str(p.n),
                "--components", str(p.components), "--hidden", p.hidden, "--epochs", str(p.epochs),
                "--batch", str(p.n), "--lr", str(p.lr), "--seed", "19", "--threads", str(threads),
                "--runs", str(runs)]
    return Engine("pytorch", label, command, env)


def fail(message):
    sys.exit(f"compare-pytorch: {message}")


def run_json(argv, env=None):
    """Runs one training command and returns the JSON object on its last stdout line."""
    full_env = dict(os.environ, **env) if env else None
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        fail(f"'{' '.join(argv)}' failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")
    try:
        return json.loads(lines[-1])
    except json.JSONDecodeError:
        fail(f"'{' '.join(argv)}' printed no JSON object: {lines[-1][:200]}")


def snapshot_launcher(launcher, workdir):
    """Builds mdn4j once and returns a launcher that runs a private copy of that jar.

    scripts/mdn rebuilds whenever a source is newer than the jar, so while someone edits src/
    a long comparison would time different builds in different rows, or stop on a half-edited
    tree. The copy is scripts/mdn itself, with its JVM options file and its jar, under a root
    that has no src/ and no pom.xml: it runs the one jar with the launcher's own JVM flags and
    never rebuilds.
    """
    built = subprocess.run([launcher, "--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if built.returncode != 0:
        fail(f"{launcher} --version failed (does mdn4j build?): {built.stderr.strip()[-500:]}")
    jars = [f for f in os.listdir(os.path.join(ROOT, "target")) if f.endswith("-cli.jar")]
    if not jars:
        fail("no target/*-cli.jar after building mdn4j")
    private = os.path.join(workdir, "mdn4j")
    for sub in ("scripts", "target"):
        os.makedirs(os.path.join(private, sub))
    for script in ("mdn", "java-home", "jvm-options", "jvm-options-training"):
        shutil.copy2(os.path.join(ROOT, "scripts", script), os.path.join(private, "scripts", script))
    for jar in jars:
        shutil.copy2(os.path.join(ROOT, "target", jar), os.path.join(private, "target", jar))
    return os.path.join(private, "scripts", "mdn"), built.stdout.strip()


def find_openblas(spec):
    """The directory of an OpenBLAS libblas.so.3 to put first on LD_LIBRARY_PATH for PyTorch.

    Debian's torch links the generic libblas.so.3, which is the Netlib reference code unless
    an optimised BLAS is installed; that makes its wide layers several times slower than a
    usual PyTorch install (PyPI wheels bring MKL), so the table can add an OpenBLAS column.
    'auto' avoids changing the system: it uses an installed OpenBLAS, else unpacks the Debian
    package (from apt's cache, else `apt-get download`) under target/openblas with dpkg -x.
    """
    if spec != "auto":
        if not os.path.isfile(os.path.join(spec, "libblas.so.3")):
            fail(f"--openblas {spec}: no libblas.so.3 there")
        return os.path.abspath(spec)
    system = os.path.join("/", OPENBLAS_SUBDIR)
    if os.path.isfile(os.path.join(system, "libblas.so.3")):
        return system
    tree = os.path.join(ROOT, "target", "openblas")
    local = os.path.join(tree, OPENBLAS_SUBDIR)
    if os.path.isfile(os.path.join(local, "libblas.so.3")):
        return local
    cached = sorted(f for f in os.listdir("/var/cache/apt/archives")
                    if f.startswith(OPENBLAS_PACKAGE + "_") and f.endswith(".deb")) \
        if os.path.isdir("/var/cache/apt/archives") else []
    with tempfile.TemporaryDirectory() as tmp:
        if cached:
            deb = os.path.join("/var/cache/apt/archives", cached[-1])
        else:
            got = subprocess.run(["apt-get", "download", OPENBLAS_PACKAGE], cwd=tmp,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            debs = [f for f in os.listdir(tmp) if f.endswith(".deb")]
            if got.returncode != 0 or not debs:
                fail(f"--openblas auto: could not get {OPENBLAS_PACKAGE}: {got.stderr.strip()[-300:]}")
            deb = os.path.join(tmp, debs[0])
        os.makedirs(tree, exist_ok=True)
        if subprocess.run(["dpkg", "-x", deb, tree]).returncode != 0:
            fail(f"--openblas auto: dpkg -x {deb} failed")
    if not os.path.isfile(os.path.join(local, "libblas.so.3")):
        fail(f"--openblas auto: {deb} has no {OPENBLAS_SUBDIR}/libblas.so.3")
    return local


def environment(python, mdn4j_version):
    """One line about the machine and the engines' versions, for the Markdown report."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    torch = subprocess.run([python, "-c", "import torch; print(torch.__version__)"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
    java = ""
    java_home = subprocess.run([os.path.join(ROOT, "scripts", "java-home")], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True).stdout.strip()
    if java_home:
        out = subprocess.run([os.path.join(java_home, "bin", "java"), "-version"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
        java = out.splitlines()[0] if out else ""
    mdn4j = f"{mdn4j_version} on " if mdn4j_version else ""
    return f"{cpu}, {os.cpu_count()} CPUs; {mdn4j}{java}; PyTorch {torch} ({python})"


def aggregate(results, problems, thread_counts, engines):
    """Median figures per (problem, engine, backend, threads), in table order."""
    rows = []
    for p in problems:
        baselines = {}  # (backend, threads) of each PyTorch column -> its median epochs/s
        for e in engines:
            for t in thread_counts:
                runs = results.get((p.name, e.name, e.backend, t), [])
                if not runs:
                    continue
                eps = [r["epochs_per_s"] for r in runs]
                row = {
                    "problem": p.name, "engine": e.name, "backend": e.backend, "threads": t,
                    "runs": len(runs),
                    "epochs_per_s": statistics.median(eps),
                    "epochs_per_s_min": min(eps), "epochs_per_s_max": max(eps),
                    "samples_per_s": statistics.median(r["samples_per_s"] for r in runs),
                    "steady_epochs_per_s": statistics.median(r.get("steady_epochs_per_s", float("nan"))
                                                             for r in runs),
                    "warm_epochs_per_s": statistics.median(r.get("warm_epochs_per_s") or float("nan")
                                                           for r in runs),
                    "final_loss": statistics.median(r["final_loss"] for r in runs),
                    "blas": runs[0].get("blas"),
                }
                if e.name == "pytorch":
                    baselines[(e.backend, t)] = (row["epochs_per_s"], row["steady_epochs_per_s"],
                                                 row["warm_epochs_per_s"])
                rows.append(row)
        torch_backends = [e.backend for e in engines if e.name == "pytorch"]
        for row in rows:
            if row["problem"] == p.name:
                row["ratios"] = {b: ((row["epochs_per_s"] / baselines[(b, row["threads"])][0],
                                      row["steady_epochs_per_s"] / baselines[(b, row["threads"])][1],
                                      row["warm_epochs_per_s"] / baselines[(b, row["threads"])][2])
                                     if row["engine"] == "mdn4j" and (b, row["threads"]) in baselines else None)
                                 for b in torch_backends}
    return rows


def table(rows, torch_backends, runs):
    """Header and cell strings; the ratio columns are mdn4j's epochs/s over PyTorch's."""
    header = ["problem", "engine", "backend", "threads", "epochs/s (median)", "epochs/s min-max",
              "2nd-half epochs/s", "samples/s (median)", "final loss (nats)"]
    warm = runs > 1
    if warm:
        header.insert(7, f"warm epochs/s (runs 2-{runs})")
    # The stock column is plain "pytorch"; others are named after the library they swap in.
    header += ["mdn4j/pytorch" if b == "system" else f"mdn4j/pytorch+{b}" for b in torch_backends]
    cells = []
    for r in rows:
        engine = r["engine"] if r["backend"] in ("system",) or r["engine"] != "pytorch" \
            else f"pytorch+{r['backend']}"
        # PyTorch's backend cell names the BLAS the run actually loaded (mdn_torch.py reports it).
        backend = f"{r['blas']} BLAS" if r["engine"] == "pytorch" else r["backend"]
        line = [r["problem"], engine, backend, str(r["threads"]),
                f"{r['epochs_per_s']:,.1f}", f"{r['epochs_per_s_min']:,.1f}-{r['epochs_per_s_max']:,.1f}",
                f"{r['steady_epochs_per_s']:,.1f}", f"{r['samples_per_s']:,.0f}", f"{r['final_loss']:.4f}"]
        if warm:
            line.insert(7, f"{r['warm_epochs_per_s']:,.1f}")
        # whole loop, then second half (after the JIT has compiled mdn4j's kernels), then the warm runs
        line += ["-" if r["ratios"].get(b) is None else
                 " / ".join(f"{x:.2f}x" for x in (r["ratios"][b] if warm else r["ratios"][b][:2]))
                 for b in torch_backends]
        cells.append(line)
    return header, cells


def plain(header, cells):
    right = {i for i, h in enumerate(header) if h not in ("problem", "engine", "backend")}
    widths = [max(len(row[i]) for row in [header] + cells) for i in range(len(header))]
    fmt = lambda row: "  ".join(c.rjust(w) if i in right else c.ljust(w)
                                for i, (c, w) in enumerate(zip(row, widths)))
    return "\n".join([fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in cells])


def load_average():
    """The 1-minute load average: it counts every process on the machine, including neighbours
    that this one cannot see, so it is the best available hint of how contended the CPUs were."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def markdown(header, cells, problems, repeats, runs, env_line, loads, command):
    right = {i for i, h in enumerate(header) if h not in ("problem", "engine", "backend")}
    out = ["# mdn4j vs PyTorch: MDN training throughput", "",
           f"Measured {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')} by "
           f"`{command}`: medians of {repeats} runs each, runs "
           "interleaved round-robin.", "", f"Machine: {env_line}. 1-minute load average "
           f"{loads[0]} at the start, {loads[1]} at the end.", ""]
    out += [f"- {p.describe()}" for p in problems]
    out += ["", "| " + " | ".join(header) + " |",
            "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in cells]
    out += ["", "epochs/s and samples/s time the training loop alone. The ratio columns divide "
            "mdn4j's median epochs/s by PyTorch's at the same thread count (above 1: mdn4j is "
            "faster), first over the whole loop, then over its second half of the epochs, by when "
            "the JVM's JIT has compiled mdn4j's kernels (the steady speed of a longer run)"
            + (f", then over runs 2-{runs} of the {runs} trainings each process ran from the same "
               "start (both engines warmed up: the training loops alone)" if runs > 1 else "")
            + ". With several runs per process the epochs/s and 2nd-half columns are the last run's. "
            "Final losses are mean NLL per sample in nats of the last epoch; the engines "
            "draw different data and initial weights, so they agree in size, not digits. Other "
            "processes may share the CPUs: the min-max column shows how noisy each figure is.", ""]
    return "\n".join(out)


def command_line(argv):
    """How the user ran it, for the report: scripts/compare-pytorch passes --python first."""
    shown = argv[2:] if argv[:1] == ["--python"] else argv
    return " ".join(["scripts/compare-pytorch"] + [shlex.quote(x) for x in shown])


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=3, help="runs of each configuration (default: 3)")
    p.add_argument("--runs", type=int, default=1,
                   help="trainings per process for both engines (--runs of mdn train and mdn_torch.py); "
                        "with R > 1 the table adds the median of runs 2..R, the warmed-up speed (default: 1)")
    p.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown to FILE")
    p.add_argument("--raw", metavar="FILE", help="also write every run's JSON object to FILE (JSON lines)")
    p.add_argument("--problems", default="seed,wide", help="problems to run (default: seed,wide)")
    p.add_argument("--threads", default="1,2", help="thread counts (default: 1,2)")
    p.add_argument("--backends", default="simd,scalar", help="mdn4j kernels (default: simd,scalar)")
    p.add_argument("--seed-epochs", type=int, default=5000, help="epochs of the seed problem (default: 5000)")
    p.add_argument("--wide-epochs", type=int, default=20, help="epochs of the wide problem (default: 20)")
    p.add_argument("--wide-n", type=int, default=65536, help="rows of the wide problem (default: 65536)")
    p.add_argument("--openblas", metavar="DIR|auto",
                   help="add PyTorch columns with the OpenBLAS libblas.so.3 in DIR first on "
                        "LD_LIBRARY_PATH; auto finds or unpacks Debian's (see find_openblas)")
    p.add_argument("--mdn", help="an mdn launcher to run as it is (default: a snapshot of this "
                                  "checkout's build, taken at the start: see snapshot_launcher)")
    p.add_argument("--python", default="/usr/bin/python3", help="the Python that has torch")
    a = p.parse_args(argv)
    if a.repeats < 1:
        p.error("--repeats must be at least 1")
    if a.runs < 1:
        p.error("--runs must be at least 1")
    try:
        a.threads = [int(t) for t in a.threads.split(",")]
    except ValueError:
        p.error("--threads: a comma-separated list of whole numbers")
    a.problems = a.problems.split(",")
    a.backends = a.backends.split(",")
    unknown = set(a.problems) - {"seed", "wide"}
    if unknown:
        p.error(f"--problems: unknown {', '.join(sorted(unknown))} (seed, wide)")
    return a


def main(argv):
    a = parse_args(argv)
    probe = subprocess.run([a.python, "-c", "import torch"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe.returncode != 0:
        fail(f"{a.python} cannot import torch; install Debian's python3-torch: apt-get install -y python3-torch")

    all_problems = {"seed": Problem("seed", 300, "5,5", 3, a.seed_epochs),
                    "wide": Problem("wide", a.wide_n, "64,64", 8, a.wide_epochs)}
    problems = [all_problems[name] for name in a.problems]
    workdir = tempfile.mkdtemp(prefix="compare-pytorch-")
    try:
        return compare(a, argv, problems, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def compare(a, argv, problems, workdir):
    if a.mdn:
        launcher, version = a.mdn, ""
    else:
        launcher, version = snapshot_launcher(os.path.join(ROOT, "scripts", "mdn"), workdir)
    engines = [mdn4j_engine(launcher, b, a.runs) for b in a.backends]
    engines.append(torch_engine(a.python, "system", a.runs))
    if a.openblas:
        blas_dir = find_openblas(a.openblas)
        path = os.environ.get("LD_LIBRARY_PATH")
        engines.append(torch_engine(a.python, "openblas", a.runs,
                                    {"LD_LIBRARY_PATH": blas_dir + (":" + path if path else "")}))

    plan = [(p, e, t) for p in problems for e in engines for t in a.threads]
    results = {}
    raw = []
    loads = [load_average(), None]
    print(f"compare-pytorch: {len(plan) * a.repeats} runs; load average {loads[0]} on {os.cpu_count()} CPUs",
          file=sys.stderr)
    # Round-robin over the configurations, so a burst of load from a neighbour process hits one
    # run of several configurations rather than every run of one.
    step = 0
    for rep in range(a.repeats):
        for p, e, t in plan:
            step += 1
            r = run_json(e.argv(p, t, workdir), e.env)
            if e.name == "pytorch" and e.backend == "openblas" and r.get("blas") != "openblas":
                fail(f"the OpenBLAS column loaded {r.get('blas_path') or 'no BLAS'}, not OpenBLAS")
            results.setdefault((p.name, e.name, e.backend, t), []).append(r)
            raw.append(dict(r, problem=p.name, engine=e.name, column=e.backend, repeat=rep + 1))
            print(f"[{step}/{len(plan) * a.repeats}] {p.name} {e.name} {e.backend} t{t}: "
                  f"{r['epochs_per_s']:,.1f} epochs/s, loss {r['final_loss']:.4f}", file=sys.stderr)

    loads[1] = load_average()
    torch_backends = [e.backend for e in engines if e.name == "pytorch"]
    header, cells = table(aggregate(results, problems, a.threads, engines), torch_backends, a.runs)
    print(plain(header, cells))
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(markdown(header, cells, problems, a.repeats, a.runs, environment(a.python, version), loads,
                              command_line(argv)))
        print(f"wrote {a.markdown}", file=sys.stderr)
    if a.raw:
        with open(a.raw, "w") as f:
            f.writelines(json.dumps(r) + "\n" for r in raw)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
