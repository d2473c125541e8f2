"""Time xtd-rdf against the naive reference pipeline on synthetic vaults and the real one.

Every measured command runs in its own subprocess; each step is the median of N runs, with the peak
RSS of the largest process (wait4) and the PSS of the whole process tree (sampled every 50 ms, so parallel
workers count). Results go to benchmarks/RESULTS.md as Markdown tables, one section per run.

    python benchmarks/harness.py                 # 1k and 10k notes, 3 runs each, and the real vault
    python benchmarks/harness.py --sizes 1000 --runs 1 --real-runs 1
    python benchmarks/harness.py --large         # adds 100k notes (one run per step: it takes long)

When the export prints `profile: STAGE SECONDS` lines on stderr under XTD_RDF_PROFILE=1, the harness
adds the median time of each stage to the table; until then it reports whole commands only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REAL_VAULT = Path(os.environ.get("XTD_SHARED", ROOT.parent / "shared")) / "corpus" / "museumxtd"
PROFILE_LINE = re.compile(r"^profile:\s+([\w-]+)\s+([0-9.]+)", re.MULTILINE)
sys.path.insert(0, str(HERE))

from generate import write_vault  # noqa: E402


@dataclass(frozen=True)
class Run:
    """One command run: wall seconds, peak RSS (MB) of the largest process and of the tree."""

    seconds: float
    rss_mb: float
    tree_mb: float
    code: int
    stages: dict[str, float]
    stderr: str


@dataclass
class Step:
    """A measured step of one vault: its runs, or why it was skipped."""

    vault: str
    notes: int
    name: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.code in (0, 1) for r in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)


# -- measuring one command --------------------------------------------------------------------------------


def _tree_pss_kb(pid: int) -> int:
    """Memory of a process and all its descendants, from /proc: the sum of their proportional set sizes.

    Forked workers share their parent's pages until they write them; RSS would count each shared page
    once per process (three times with two workers), PSS divides it among the processes that share it.
    """
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(c) for c in children.read().split()]
        except (OSError, ValueError, StopIteration):
            continue
    return total


@dataclass(frozen=True)
class Limits:
    """When to stop a command: wall seconds, and memory of its tree (the machine is shared)."""

    seconds: float = 3600
    tree_mb: float = 8000


def measure(command: list[str], env: dict[str, str] | None = None, limits: Limits = Limits()) -> Run:
    """Run a command to its end; its stdout is dropped, its stderr kept for stage times and errors."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True
        )
        peak, stopped = [0], []
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_pss_kb(proc.pid))
                if time.perf_counter() - start > limits.seconds:
                    stopped.append(f"killed after {limits.seconds:.0f} s")
                elif peak[0] / 1024 > limits.tree_mb:
                    stopped.append(f"killed above {limits.tree_mb:.0f} MB")
                if stopped:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if stopped:
        stderr += "\n" + stopped[0]
    stages = {name: float(value) for name, value in PROFILE_LINE.findall(stderr)}
    rss_mb = usage.ru_maxrss / 1024
    return Run(seconds, rss_mb, max(peak[0] / 1024, rss_mb), proc.returncode, stages, stderr[-2000:])


# -- the tool under test ----------------------------------------------------------------------------------


class Tool:
    """The `xtd-rdf` command and what its CLI offers (commands being written may be missing)."""

    def __init__(self, executable: str) -> None:
        self.exe = executable
        self.export_help = self._help("export")
        self.has_validate = self._help("validate") is not None
        self.queries = self._queries()

    def _help(self, command: str) -> str | None:
        done = subprocess.run([self.exe, command, "--help"], capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else None

    def _queries(self) -> list[str]:
        done = subprocess.run([self.exe, "query", "--list"], capture_output=True, text=True)
        if done.returncode != 0:
            return []
        return [line.split()[0] for line in done.stdout.splitlines() if line.strip()]

    def version(self) -> str:
        done = subprocess.run([self.exe, "--version"], capture_output=True, text=True)
        return done.stdout.strip() or "unknown"

    def export(self, vault: Path, out: Path, full: bool) -> list[str]:
        command = [self.exe, "export", str(vault), "--out", str(out), "--quiet"]
        if full and self.export_help and "--full" in self.export_help:
            command.append("--full")
        return command


# -- steps ------------------------------------------------------------------------------------------------


def touch_notes(vault: Path, count: int, round_: int) -> None:
    """Change `count` notes, spread evenly over the vault, by one sentence each (new text every round)."""
    notes = sorted(vault.rglob("*.md"))
    stride = max(1, len(notes) // count)
    for k, path in enumerate(notes[(round_ * 7) % stride :: stride][:count]):
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nEdited in benchmark round {round_}, change {k}.\n")


class Bench:
    """Runs every step on one vault and collects them."""

    def __init__(self, tool: Tool, work: Path, runs: int, limits: Limits) -> None:
        self.tool, self.work, self.runs, self.limits = tool, work, runs, limits
        self.env = dict(os.environ, XTD_RDF_PROFILE="1")

    def repeat(self, step: Step, command: list[str], before=None, runs: int | None = None) -> Step:
        for round_ in range(runs or self.runs):
            if before is not None:
                before(round_)
            run = measure(command, self.env, self.limits)
            step.runs.append(run)
            print(f"  {step.vault} {step.name}: {run.seconds:.2f} s, {run.tree_mb:.0f} MB", file=sys.stderr)
            if run.code not in (0, 1):
                last = run.stderr.strip().splitlines()[-1:] or [""]
                step.note = f"exit {run.code}: {last[0][:200]}"
                break
        return step

    def naive(self, label: str, vault: Path, notes: int, runs: int | None = None) -> Step:
        out = self.work / f"naive-{label}"
        command = [sys.executable, str(HERE / "naive.py"), str(vault), str(out)]
        return self.repeat(Step(label, notes, "naive reference pipeline"), command, runs=runs)

    def cold(self, label: str, vault: Path, notes: int, runs: int | None = None) -> Step:
        """Each run into a folder never used before, all removed after the last run: deleting the
        previous run's thousands of files just before a run made that run wait for the disk
        (this disk discards freed blocks), and the runs got slower one after the other."""
        step = Step(label, notes, "export, full (cold, no cache)")
        folders = [self.work / f"cold-{label}-{n}" for n in range(runs or self.runs)]
        for folder in folders:
            _clear(folder)
            _clear(folder.with_name(f".{folder.name}.cache"))
        for folder in folders:
            self.repeat(step, self.tool.export(vault, folder, full=True), runs=1)
            if step.note:  # a run failed: said in the note, no point in the next
                break
        for folder in folders:
            _clear(folder)
            _clear(folder.with_name(f".{folder.name}.cache"))
        return step

    def incremental(self, label: str, vault: Path, notes: int) -> list[Step]:
        out = self.work / f"out-{label}"
        _clear(out)
        warm = measure(self.tool.export(vault, out, full=False), self.env, self.limits)
        if warm.code not in (0, 1):
            return [Step(label, notes, "re-export", note="the first export failed")]
        command = self.tool.export(vault, out, full=False)
        one_percent = max(1, notes // 100)
        return [
            self.repeat(Step(label, notes, "re-export, nothing changed"), command),
            self.repeat(
                Step(label, notes, "re-export, 1 note changed"), command, lambda r: touch_notes(vault, 1, r)
            ),
            self.repeat(
                Step(label, notes, f"re-export, 1% changed ({one_percent} notes)"),
                command,
                lambda r: touch_notes(vault, one_percent, 100 + r),
            ),
        ]

    def validate(self, label: str, vault: Path, notes: int) -> Step:
        step = Step(label, notes, "validate")
        if not self.tool.has_validate:
            step.note = "skipped: `xtd-rdf validate --help` fails (command not merged yet)"
            return step
        return self.repeat(step, [self.tool.exe, "validate", str(vault)])

    def queries(self, label: str, notes: int) -> list[Step]:
        if not self.tool.queries:
            return [
                Step(
                    label,
                    notes,
                    "named queries",
                    note="skipped: `xtd-rdf query --list` fails (not merged yet)",
                )
            ]
        out = self.work / f"out-{label}"
        return [
            self.repeat(
                Step(label, notes, f"query {name}"), [self.tool.exe, "query", name, "--data", str(out)]
            )
            for name in self.tool.queries
        ]


def _clear(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


# -- report -----------------------------------------------------------------------------------------------


def _row(step: Step, naive: dict[str, float], full: dict[str, float]) -> str:
    if not step.runs:
        return f"| {step.vault} | {step.name} | – | – | – | – | – | {step.note} |"
    if not step.ok:
        last = step.runs[-1]
        return (
            f"| {step.vault} | {step.name} | failed after {last.seconds:.1f} | – | {len(step.runs)} | – "
            f"| {last.rss_mb:.0f} / {last.tree_mb:.0f} | {step.note} |"
        )
    seconds = [r.seconds for r in step.runs]
    spread = f"{min(seconds):.2f}–{max(seconds):.2f}" if len(seconds) > 1 else "–"
    rate = f"{step.notes / step.median:,.0f}" if step.notes and "query" not in step.name else "–"
    rss = max(r.rss_mb for r in step.runs)
    tree = max(r.tree_mb for r in step.runs)
    relative = []
    if step.vault in naive and "export" in step.name:
        relative.append(f"{step.median / naive[step.vault]:.2f}× naive")
    if step.vault in full and step.name.startswith("re-export"):
        relative.append(f"{100 * step.median / full[step.vault]:.1f}% of full")
    stage_names = sorted({s for r in step.runs for s in r.stages})
    if stage_names:
        relative.append(
            ", ".join(
                f"{s} {statistics.median(r.stages.get(s, 0) for r in step.runs):.2f}" for s in stage_names
            )
        )
    comment = "; ".join([*relative, step.note] if step.note else relative)
    return (
        f"| {step.vault} | {step.name} | {step.median:.2f} | {spread} | {len(step.runs)} | {rate} "
        f"| {rss:.0f} / {tree:.0f} | {comment} |"
    )


def _targets(
    steps: list[Step], naive: dict[str, float], full: dict[str, float], baseline_10k: float | None
) -> list[str]:
    """The issue's targets, checked on what was measured in this run (or a given 10k baseline)."""
    found = {(s.vault, s.name.split(" (")[0]): s for s in steps if s.ok}
    lines = []
    if "10k" in naive and "10k" in full:
        ratio = full["10k"] / naive["10k"]
        lines.append(f"- 10k full export ≤ 0.5× naive: {ratio:.2f}× → {'met' if ratio <= 0.5 else 'NOT met'}")
    for name, limit in (("re-export, 1 note changed", 5), ("re-export, nothing changed", 3)):
        step = found.get(("10k", name))
        if step and "10k" in full:
            share = 100 * step.median / full["10k"]
            lines.append(
                f"- 10k {name} < {limit}% of full: {share:.1f}% → {'met' if share < limit else 'NOT met'}"
            )
    ten_k = full.get("10k", baseline_10k)
    if "100k" in full and ten_k:
        source = "" if "10k" in full else f" (10k baseline {ten_k:.1f} s from an earlier run)"
        per = (full["100k"] / 100_000) / (ten_k / 10_000)
        rss = max(r.tree_mb for r in found[("100k", "export, full")].runs)
        verdict = "met" if per <= 1.3 else "NOT met"
        lines.append(f"- 100k cost per note ≤ 1.3× the 10k one: {per:.2f}×{source} → {verdict}")
        verdict = "met" if rss < 4096 else "NOT met"
        lines.append(f"- 100k peak memory < 4 GB (tree PSS): {rss:,.0f} MB → {verdict}")
    failed = [s for s in steps if s.vault == "100k" and s.name.startswith("export, full") and not s.ok]
    lines += [f"- 100k full export did not finish: {s.note} → NOT met" for s in failed]
    if "real" in full:
        verdict = "met" if full["real"] < 1.5 else "NOT met"
        lines.append(f"- real vault full export < 1.5 s: {full['real']:.2f} s → {verdict}")
    return lines


def report(steps: list[Step], header: list[str], baseline_10k: float | None = None) -> str:
    naive = {s.vault: s.median for s in steps if s.ok and s.name.startswith("naive")}
    full = {s.vault: s.median for s in steps if s.ok and s.name.startswith("export, full")}
    lines = [*header, ""]
    lines += [
        "| vault | step | median s | min–max s | runs | notes/s | peak MB (process RSS / tree PSS) | notes |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    lines += [_row(step, naive, full) for step in steps]
    targets = _targets(steps, naive, full, baseline_10k)
    if targets:
        lines += ["", "Targets of issue 8, on these figures:", "", *targets]
    return "\n".join(lines) + "\n"


def disk_probe(work: Path, folders: int = 600) -> str:
    """What creating an export's files costs on this disk now: a folder and three 3 KB files per
    resource, as the site and the resource files are written. It varies tenfold from hour to hour
    on a shared virtual disk, and a full export creates about four entries per note."""
    probe = Path(tempfile.mkdtemp(prefix="disk-probe-", dir=work))
    started = time.perf_counter()
    for n in range(folders):
        folder = probe / f"r{n}"
        folder.mkdir()
        for name in ("index.html", "r.ttl", "r.jsonld"):
            (folder / name).write_bytes(b"x" * 3000)
    seconds = time.perf_counter() - started
    _clear(probe)
    entries = folders * 4
    return f"{seconds:.2f} s for {entries:,} entries ({1000 * seconds / entries:.2f} ms each)"


def machine_header(tool: Tool, args: argparse.Namespace, disk: str) -> list[str]:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"## Run of {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- Machine: {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}; "
        f"load average at start {load}",
        f"- Python {platform.python_version()}; {tool.version()}; seed {args.seed}; "
        f"median of {args.runs} runs per step (real vault: {args.real_runs}; 100k: one run)",
        "- Noisy: the cores are shared with other work, so compare figures of the same run only.",
        f"- Disk, in the scratch folder: creating 600 folders with 3 files each took {disk} at the start",
        "- Cold means no xtd-rdf cache (fresh output folder, `--full` when the CLI has it); the OS page",
        "  cache is warm. Peak memory: RSS of the largest single process (wait4) / PSS of the process tree",
        "  (sampled, 20 Hz; PSS counts a page that forked workers share with their parent once, RSS once",
        "  per process).",
    ]


# -- main -------------------------------------------------------------------------------------------------


def label_of(notes: int) -> str:
    return f"{notes // 1000}k" if notes % 1000 == 0 else str(notes)


def bench_size(bench: Bench, notes: int, args: argparse.Namespace, large: bool) -> list[Step]:
    label = label_of(notes)
    vault = bench.work / f"vault-{label}"
    _clear(vault)
    started = time.perf_counter()
    size = write_vault(vault, notes, args.seed)
    print(f"{label}: generated {size / 1e6:.0f} MB in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    wanted = (
        set(args.large_steps.split(",")) if large else {"naive", "full", "incremental", "validate", "queries"}
    )
    skipped = f"skipped at this size (--large-steps {args.large_steps})"
    steps = [
        bench.naive(label, vault, notes)
        if "naive" in wanted
        else Step(label, notes, "naive reference pipeline", note=skipped)
    ]
    if "full" in wanted:
        steps.append(bench.cold(label, vault, notes))
    if "incremental" in wanted:
        steps += bench.incremental(label, vault, notes)
    else:
        steps.append(Step(label, notes, "re-export (nothing, 1 note, 1% changed)", note=skipped))
    if "validate" in wanted:
        steps.append(bench.validate(label, vault, notes))
    if "queries" in wanted:
        steps += bench.queries(label, notes)
    if not args.keep:
        _clear(vault)
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,10000", help="comma-separated note counts (default 1000,10000)"
    )
    parser.add_argument("--large", action="store_true", help="also 100,000 notes, one run per step")
    parser.add_argument("--runs", type=int, default=3, help="runs per step; the median is reported")
    parser.add_argument(
        "--real-runs", type=int, default=5, help="runs of the real vault's full export (0: skip it)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--xtd", default=str(Path(sys.executable).with_name("xtd-rdf")), help="the command")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated vaults")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a command is killed")
    parser.add_argument(
        "--baseline-10k", type=float, help="10k full-export median (s) of an earlier run, for the 100k target"
    )
    parser.add_argument("--max-mb", type=float, default=8000, help="process-tree PSS at which it is killed")
    parser.add_argument(
        "--large-steps",
        default="full",
        help="steps at 100k, comma-separated among naive,full,incremental,validate,queries (default full)",
    )
    parser.add_argument(
        "--results", type=Path, default=HERE / "RESULTS.md", help="Markdown file to prepend to"
    )
    args = parser.parse_args(argv)
    tool = Tool(args.xtd)
    work = args.work or Path(tempfile.mkdtemp(prefix="xtd-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    limits = Limits(args.timeout, args.max_mb)
    bench = Bench(tool, work, args.runs, limits)
    header = machine_header(tool, args, disk_probe(work))
    print("\n".join(header), file=sys.stderr)
    steps: list[Step] = []
    if REAL_VAULT.is_dir() and args.real_runs > 0:
        copy = work / "vault-real"
        _clear(copy)
        shutil.copytree(REAL_VAULT, copy)
        count = len(list(copy.rglob("*.md")))
        startup = Step("real", 0, "startup only (`xtd-rdf --version`)")
        steps.append(bench.repeat(startup, [tool.exe, "--version"], runs=args.real_runs))
        steps.append(bench.naive("real", copy, count, runs=args.real_runs))
        steps.append(bench.cold("real", copy, count, runs=args.real_runs))
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for notes in sizes:
        steps += bench_size(bench, notes, args, large=False)
        _write(args.results, report(steps, header, args.baseline_10k))
    if args.large:
        large = Bench(tool, work, 1, limits)
        steps += bench_size(large, 100_000, args, large=True)
    header.append(f"- Disk, the same probe at the end: {disk_probe(work)}")
    text = report(steps, header, args.baseline_10k)
    _write(args.results, text)
    print(text)
    if args.work is None:
        _clear(work)
    return 0 if all(s.ok or not s.runs for s in steps) else 1


def _write(results: Path, section: str) -> None:
    """Put this run's section first in the results file, above earlier runs; rewritten as steps finish."""
    title = "# Benchmark results\n\nNewest run first. Produced by `make bench` (benchmarks/harness.py).\n\n"
    previous = results.read_text(encoding="utf-8") if results.exists() else ""
    previous = previous.removeprefix(title)
    marker = section.splitlines()[0]
    if previous.startswith(marker):  # the same run, written again with more steps
        previous = previous.split("\n## Run of ", 1)[1] if "\n## Run of " in previous else ""
        previous = "## Run of " + previous if previous else ""
    results.write_text(title + section + ("\n" + previous if previous else ""), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
