"""Parse throughput and peak memory of ``briefkit.parse.parse`` on generated op-eds.

    python bench/bench_parse.py            # 1 MB and 10 MB, medians of up to 5 runs
    python bench/bench_parse.py --quick    # 1 MB only, 3 runs
    python bench/bench_parse.py --json results.json

Cases, for each size: a corpus of generated briefs parsed one by one (what a site
build does), and the same amount of text as one single brief (the "10 MB brief" bad
input: it must finish in bounded time and memory). Every measurement runs in a fresh
subprocess, so ``ru_maxrss`` is the peak of that measurement (the inputs are
generated in another subprocess: a child's ``ru_maxrss`` starts at its parent's peak). Next to each
briefkit run, in the same order, runs a baseline over the same texts: Python's
``re.split`` at sentence punctuation plus ``str.split`` into words, a floor for any
Python sentence splitter; briefkit's time is reported as a multiple of it, which
holds up better on a noisy machine than the absolute figure. CPU time is recorded
too: when it is well below the wall time, other work was competing for the CPU.

See bench/README.md for how to read the table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make ``bench.corpus`` importable
    sys.path.insert(0, str(ROOT))

from bench.corpus import generate_brief, generate_corpus, generate_text  # noqa: E402

MB = 1_000_000
TARGET_MB_S = 1.0  # the target for parse throughput on this machine
REGISTRY_PATH = ROOT / "content" / "policies.yaml"
_BASELINE_SPLIT = re.compile(r"(?<=[.!?])\s+")
# A brief outside every corpus (corpus seeds are >= 0), parsed once before timing so
# that imports made on first use (eyecite) and regex compilation are not timed.
_WARM_UP_SEED = -1


# --- the measurement, in a fresh subprocess ------------------------------------------

def _peak_rss_bytes() -> int:
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _high_water_bytes() -> int | None:
    """VmHWM: the peak resident size of this process's own address space (Linux only),
    a cross-check of ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _load_registry():
    """The default content's registry, or an empty one when ``briefkit.load`` is missing."""
    from briefkit.model import Registry

    try:
        from briefkit.load import load_registry
    except ImportError as error:
        return Registry(), f"empty Registry (briefkit.load not importable: {error})"
    registry, _ = load_registry(REGISTRY_PATH)
    return registry, f"{len(registry.policies)} policies from content/policies.yaml"


def _read_input(path: Path) -> list[str]:
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    return [path.read_text(encoding="utf-8")]


def measure(tool: str, path: Path, trace: bool, cpu_limit: float | None = None) -> dict:
    """Run ``tool`` ("briefkit" or "baseline") over the texts in ``path`` once.

    With ``cpu_limit``, the kernel stops the process (SIGXCPU) once the timed part has
    used that many CPU seconds: a limit on the parser's work that other load on the
    machine cannot trip, unlike a wall-clock timeout."""
    texts = _read_input(path)
    out: dict = {"tool": tool, "texts": len(texts)}
    if tool in ("briefkit", "pool"):
        from briefkit.model import BriefMeta, Source
        from briefkit.parse import parse, parse_many

        registry, out["registry"] = _load_registry()
        sources = [Source(path=f"brief-{i + 1:04d}.txt", text=text, meta=BriefMeta(slug=f"brief-{i + 1:04d}"))
                   for i, text in enumerate(texts)]
        warm_up = Source(path="warm-up.txt", text=generate_brief(_WARM_UP_SEED), meta=BriefMeta(slug="warm-up"))
        started = time.perf_counter()
        parse(warm_up, registry)
        out["first_call_s"] = time.perf_counter() - started

        if tool == "pool":  # both cores, as a site build parses (RSS: this process only)
            def run() -> list:
                return parse_many(sources, registry, workers=2, min_bytes=0)
        else:
            def run() -> list:
                return [parse(source, registry) for source in sources]  # kept, as a build keeps them
    else:
        def run() -> list:
            for text in texts:
                for sentence in _BASELINE_SPLIT.split(text):
                    sentence.split()
            return []

    out["rss_before_bytes"] = _peak_rss_bytes()
    if cpu_limit is not None:
        used = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(used.ru_utime + used.ru_stime + cpu_limit) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5))
    if trace:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    results = run()
    out["seconds"] = time.perf_counter() - started
    out["cpu_seconds"] = time.process_time() - cpu_started
    if trace:
        out["tracemalloc_peak_bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    out["rss_peak_bytes"] = _peak_rss_bytes()
    out["vm_hwm_bytes"] = _high_water_bytes()
    if results:
        out["sections"] = sum(len(brief.sections) for brief in results)
        out["policies"] = sum(len(brief.policies) for brief in results)
    return out


# --- the driver ------------------------------------------------------------------------

@dataclass
class Case:
    name: str
    path: Path
    nbytes: int
    texts: int
    runs: dict[str, list[dict]] = field(default_factory=lambda: {"baseline": [], "briefkit": [], "pool": []})
    timed_out: float | None = None  # the time limit, when a briefkit run hit it
    error: str | None = None
    traced: dict | None = None


def _spawn(tool: str, case: Case, trace: bool, timeout: float) -> dict | None:
    """One measurement in a fresh interpreter; ``None`` when its timed part used more
    than ``timeout`` CPU seconds (or, on a badly overloaded machine, when the whole
    subprocess took more than three times that in wall time)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", tool, "--input", str(case.path),
               "--cpu-limit", str(timeout)]
    if trace:
        command.append("--trace")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3 * timeout + 30, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return None
    if done.returncode != 0:
        raise RuntimeError(f"{tool} on {case.name} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_case(case: Case, runs: int, budget: float, timeout: float, trace_limit: float, log) -> None:
    """Up to ``runs`` paired runs (baseline, then briefkit); no new pair once the
    briefkit runs of this case have taken ``budget`` seconds."""
    spent = 0.0
    for index in range(runs):
        if index and spent > budget:
            break
        try:
            case.runs["baseline"].append(_spawn("baseline", case, False, timeout))
            started = time.perf_counter()
            result = _spawn("briefkit", case, False, timeout)
        except RuntimeError as error:
            case.error = str(error)
            log(f"  {case.name}: ERROR\n{error}")
            return
        spent += time.perf_counter() - started
        if result is None:
            case.timed_out = timeout
            log(f"  {case.name}: run {index + 1} hit the limit of {timeout:g} CPU seconds")
            break
        case.runs["briefkit"].append(result)
        if case.texts > 1:
            pooled = _spawn("pool", case, False, timeout)
            if pooled is not None:
                case.runs["pool"].append(pooled)
        log(f"  {case.name}: run {index + 1}: baseline {case.runs['baseline'][-1]['seconds']:.3f} s, "
            f"briefkit {result['seconds']:.2f} s")
    times = [r["seconds"] for r in case.runs["briefkit"]]
    if times and statistics.median(times) <= trace_limit:
        # tracemalloc slows allocation-heavy code several times: only for short cases.
        case.traced = _spawn("briefkit", case, True, max(timeout, 10 * max(times)))
        if case.traced:
            log(f"  {case.name}: tracemalloc peak {case.traced['tracemalloc_peak_bytes'] / MB:.1f} MB")


def _fmt_bytes(n: float | None) -> str:
    return "–" if n is None else f"{n / MB:,.1f}"


def table(cases: list[Case]) -> str:
    rows = ["| case | bytes | median s | MB/s | × baseline | peak RSS MB | RSS before parse MB "
            "| tracemalloc peak MB | runs | median CPU s |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for case in cases:
        base = case.runs["baseline"]
        base_s = statistics.median(r["seconds"] for r in base) if base else None
        for tool in ("baseline", "briefkit", "pool"):
            done = case.runs[tool]
            label = f"{case.name}, " + {"baseline": "baseline re.split + str.split", "briefkit": "briefkit parse",
                                        "pool": "briefkit parse_many, 2 processes"}[tool]
            if tool == "briefkit" and case.error:
                rows.append(f"| {label} | {case.nbytes:,} | error | | | | | | 0 | |")
                continue
            if tool == "briefkit" and case.timed_out and not done:
                rows.append(f"| {label} | {case.nbytes:,} | > {case.timed_out:g} (CPU limit) "
                            f"| < {case.nbytes / MB / case.timed_out:.2f} "
                            f"| > {case.timed_out / base_s:,.0f} | – | – | – | 0 | |")
                continue
            if not done:
                continue
            seconds = statistics.median(r["seconds"] for r in done)
            cpu = statistics.median(r["cpu_seconds"] for r in done)
            rss = statistics.median(r["rss_peak_bytes"] for r in done)
            before = statistics.median(r["rss_before_bytes"] for r in done)
            traced = case.traced["tracemalloc_peak_bytes"] if tool == "briefkit" and case.traced else None
            ratio = f"{seconds / base_s:,.1f}" if base_s else "–"
            rows.append(f"| {label} | {case.nbytes:,} | {seconds:.3f} | {case.nbytes / MB / seconds:.2f} "
                        f"| {ratio} | {_fmt_bytes(rss)} | {_fmt_bytes(before)} | {_fmt_bytes(traced)} "
                        f"| {len(done)} | {cpu:.3f} |")
    return "\n".join(rows)


def notes(cases: list[Case]) -> str:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [f"Python {platform.python_version()} on {platform.machine()}, {cpus} CPU(s); MB = 10^6 bytes."]
    for case in cases:
        done = case.runs["briefkit"]
        if done:
            first = statistics.median(r["first_call_s"] for r in done)
            lines.append(f"- {case.name}: {done[0].get('sections', 0):,} sections, "
                         f"{done[0].get('policies', 0):,} cited policies; first-call warm-up "
                         f"(not timed) {first:.2f} s; registry: {done[0]['registry']}.")
    for case in cases:
        done = case.runs["briefkit"]
        if not done or case.texts == 1:
            continue
        rate = case.nbytes / MB / statistics.median(r["seconds"] for r in done)
        cpu_rate = case.nbytes / MB / statistics.median(r["cpu_seconds"] for r in done)
        verdict = "meets" if rate >= TARGET_MB_S else "misses"
        lines.append(f"- target ≥ {TARGET_MB_S:g} MB/s: {case.name} {verdict} it on one process ({rate:.2f} MB/s "
                     f"by wall time, {cpu_rate:.2f} MB/s by CPU time).")
        pooled = case.runs["pool"]
        if pooled:
            rate = case.nbytes / MB / statistics.median(r["seconds"] for r in pooled)
            verdict = "meets" if rate >= TARGET_MB_S else "misses"
            lines.append(f"- target ≥ {TARGET_MB_S:g} MB/s: {case.name} {verdict} it on 2 processes "
                         f"({rate:.2f} MB/s by wall time; its CPU and RSS columns count the parent only).")
    for case in cases:
        for tool, done in case.runs.items():
            marks = [(r["rss_peak_bytes"], r["vm_hwm_bytes"]) for r in done if r.get("vm_hwm_bytes")]
            if any(abs(rss - hwm) > 0.05 * hwm for rss, hwm in marks):
                lines.append(f"- {case.name}, {tool}: ru_maxrss and VmHWM disagree by more than 5 % "
                             f"({', '.join(f'{rss / MB:.1f}/{hwm / MB:.1f}' for rss, hwm in marks)} MB): "
                             f"the peak RSS column is not this run's own peak.")
    for case in cases:
        if case.timed_out and not case.runs["briefkit"]:
            lines.append(f"- {case.name}: stopped at the limit of {case.timed_out:g} CPU seconds "
                         f"(--timeout); no figure.")
    return "\n".join(lines)


def write_inputs(sizes_mb: list[float], folder: Path, seed: int) -> list[dict]:
    """Generate every input into ``folder``; run in a subprocess of its own (see ``build_cases``)."""
    corpora, singles = [], []
    for size in sizes_mb:
        nbytes = int(size * MB)
        texts = generate_corpus(nbytes, seed)
        path = folder / f"corpus-{size:g}MB.json"
        path.write_text(json.dumps(texts), encoding="utf-8")
        total = sum(len(t.encode("utf-8")) for t in texts)
        corpora.append({"name": f"corpus {size:g} MB ({len(texts):,} briefs)", "path": str(path),
                        "nbytes": total, "texts": len(texts)})
        text = generate_text(nbytes, seed)
        path = folder / f"text-{size:g}MB.txt"
        path.write_text(text, encoding="utf-8")
        singles.append({"name": f"one {size:g} MB brief", "path": str(path),
                        "nbytes": len(text.encode("utf-8")), "texts": 1})
    return corpora + singles


def build_cases(sizes_mb: list[float], folder: Path, seed: int) -> list[Case]:
    """The inputs are generated in a subprocess so that this process stays small: on
    Linux a child's ``ru_maxrss`` starts at its parent's peak (exec keeps the peak of
    the memory it replaces), so a parent that held 10 MB of text would raise the
    figure of every measurement."""
    command = [sys.executable, str(Path(__file__).resolve()), "--write-inputs", str(folder),
               "--sizes", ",".join(f"{size:g}" for size in sizes_mb), "--seed", str(seed)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    return [Case(c["name"], Path(c["path"]), c["nbytes"], c["texts"])
            for c in json.loads(done.stdout.strip().splitlines()[-1])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 MB only, 3 runs")
    parser.add_argument("--sizes", help="comma-separated sizes in MB (default 1,10; --quick: 1)")
    parser.add_argument("--runs", type=int, help="runs per case, median reported (default 5; --quick: 3)")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds of briefkit runs per case after which no new run starts (default 60)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="CPU seconds after which one run is stopped and reported as over the limit "
                             "(default 120)")
    parser.add_argument("--trace-limit", type=float, default=15.0,
                        help="add a tracemalloc run when the median run is at most this many seconds (default 15)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--worker", choices=("briefkit", "baseline", "pool"), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cpu-limit", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--write-inputs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    sizes = [float(s) for s in args.sizes.split(",")] if args.sizes else ([1.0] if args.quick else [1.0, 10.0])
    if args.worker:
        print(json.dumps(measure(args.worker, args.input, args.trace, args.cpu_limit)))
        return 0
    if args.write_inputs:
        print(json.dumps(write_inputs(sizes, args.write_inputs, args.seed)))
        return 0
    runs = args.runs or (3 if args.quick else 5)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefkit-bench-") as folder:
        log(f"generating {', '.join(f'{s:g} MB' for s in sizes)} of text ...")
        cases = build_cases(sizes, Path(folder), args.seed)
        for case in cases:
            run_case(case, runs, args.budget, args.timeout, args.trace_limit, log)
    log(f"done in {time.perf_counter() - started:.0f} s")
    print(table(cases))
    print()
    print(notes(cases))
    if args.json:
        raw = [{"case": c.name, "bytes": c.nbytes, "texts": c.texts, "runs": c.runs, "timed_out": c.timed_out,
                "error": c.error, "traced": c.traced} for c in cases]
        args.json.write_text(json.dumps(raw, indent=2), encoding="utf-8")
    return 1 if any(case.error for case in cases) else 0


if __name__ == "__main__":
    sys.exit(main())
