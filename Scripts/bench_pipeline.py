#!/usr/bin/env python3
"""Driver for bench-pipeline.sh: the Readability test pages through `presswork process --json` and through the
Python pipeline (python_pipeline.py: trafilatura + py3langid), each pinned to core 0, alternately, REPEATS
times each. Reports CPU seconds, pages per CPU-second (best and median), their ratio, Presswork's per-stage
times, and writes the figures as JSON."""
import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

STAGES = ["decode", "parse", "extract", "metadata", "language", "analysis"]


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pinned(command):
    # One core for both systems: the figure is per core, and the VM's other core is not ours to take.
    return ["taskset", "-c", "0", *command] if os.path.exists("/usr/bin/taskset") else command


def run_presswork(binary, sources):
    """One `presswork process` over every page. CPU is the whole child process (start-up included)."""
    cpu0, wall0 = children_cpu(), time.perf_counter()
    run = subprocess.run(pinned([str(binary), "process", "--json", *sources]),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    wall, cpu = time.perf_counter() - wall0, children_cpu() - cpu0
    stages, timed, errors = dict.fromkeys(STAGES, 0.0), 0, 0
    for line in run.stdout.decode("utf-8").splitlines():
        if not line.strip():
            continue
        document = json.loads(line)
        errors += "error" in document
        spent = (document.get("processing") or {}).get("stagesMs")
        if spent:
            timed += 1
            for stage, ms in spent.items():
                stages[stage] = stages.get(stage, 0.0) + ms
    # Exit status 1 only means some pages were refused (not-an-article); anything else is a real failure.
    if run.returncode not in (0, 1):
        sys.exit(f"presswork process failed ({run.returncode}): {run.stderr.decode()[-500:]}")
    return {"cpu_s": cpu, "wall_s": wall, "errors": errors,
            "stages_ms_per_page": {k: v / timed for k, v in stages.items()} if timed else {}}


def run_python(helper, sources):
    """One Python process over every page. CPU is the child's whole process (interpreter start-up and imports
    included) and, separately, the processing loop alone as the helper measures it."""
    cpu0, wall0 = children_cpu(), time.perf_counter()
    run = subprocess.run(pinned([sys.executable, str(helper), *sources]),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    wall, cpu = time.perf_counter() - wall0, children_cpu() - cpu0
    timing = json.loads(run.stderr.decode().rsplit("json: ", 1)[1])
    return {"cpu_s": timing["cpu_s"], "process_cpu_s": cpu, "wall_s": wall, "loop_wall_s": timing["wall_s"],
            "errors": timing["errors"]}


def version(package):
    try:
        from importlib.metadata import version as v
        return v(package)
    except Exception:
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True, type=Path)
    parser.add_argument("--pages", required=True, type=Path, help="the test-pages directory")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--machine", default="")
    parser.add_argument("--json", required=True, type=Path)
    args = parser.parse_args()

    load_start = os.getloadavg()
    sources = sorted(str(p / "source.html") for p in args.pages.iterdir() if (p / "source.html").is_file())
    helper = Path(__file__).with_name("python_pipeline.py")
    runs = {"presswork": [], "python": []}
    for index in range(args.repeats):
        # Alternate the two systems so that the VM's speed swings hit both alike.
        runs["presswork"].append(run_presswork(args.binary, sources))
        runs["python"].append(run_python(helper, sources))
        print(f"  round {index + 1}/{args.repeats}: presswork {runs['presswork'][-1]['cpu_s']:.2f} CPU s, "
              f"python {runs['python'][-1]['cpu_s']:.2f} CPU s", file=sys.stderr)

    pages = len(sources)
    summary = {}
    for system, rows in runs.items():
        rates = [pages / r["cpu_s"] for r in rows]
        summary[system] = {"best_pages_per_cpu_s": max(rates), "median_pages_per_cpu_s": statistics.median(rates),
                           "best_cpu_s": min(r["cpu_s"] for r in rows),
                           "median_cpu_s": statistics.median(r["cpu_s"] for r in rows),
                           "errors": rows[0]["errors"]}
    stages = {s: statistics.median(r["stages_ms_per_page"].get(s, 0.0) for r in runs["presswork"]) for s in STAGES}
    ratio_best = summary["presswork"]["best_pages_per_cpu_s"] / summary["python"]["best_pages_per_cpu_s"]
    ratio_median = summary["presswork"]["median_pages_per_cpu_s"] / summary["python"]["median_pages_per_cpu_s"]

    print()
    print(f"machine: {args.machine}; load average {load_start[0]:.2f} at start, {os.getloadavg()[0]:.2f} at end")
    print(f"{pages} Readability pages, one core (taskset -c 0), {args.repeats} alternating runs each")
    print(f"{'system':<38}{'CPU s best':>11}{'CPU s med':>11}{'pages/CPU-s best':>18}{'median':>9}{'no text':>9}")
    labels = {"presswork": "presswork process --json",
              "python": f"trafilatura {version('trafilatura')} + py3langid {version('py3langid')}"}
    for system, s in summary.items():
        print(f"{labels[system]:<38}{s['best_cpu_s']:>11.2f}{s['median_cpu_s']:>11.2f}"
              f"{s['best_pages_per_cpu_s']:>18.1f}{s['median_pages_per_cpu_s']:>9.1f}{s['errors']:>9}")
    print(f"ratio presswork / python: {ratio_best:.1f}x best, {ratio_median:.1f}x median (target >= 10x)")
    print("presswork per-stage ms per page (median of runs): "
          + "  ".join(f"{s} {stages[s]:.2f}" for s in STAGES)
          + f"  (sum {sum(stages.values()):.2f})")

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": args.machine, "loadavg_start": load_start, "loadavg_end": os.getloadavg(),
        "pages": pages, "repeats": args.repeats, "python": platform.python_version(),
        "versions": {p: version(p) for p in ("trafilatura", "py3langid", "lxml")},
        "summary": summary, "ratio_best": ratio_best, "ratio_median": ratio_median,
        "presswork_stages_ms_per_page": stages, "runs": runs,
        "note": "presswork CPU is its whole process; python CPU is the processing loop after imports and model "
                "load (process_cpu_s in runs includes them)",
    }, indent=2), "utf-8")
    print(f"figures in {args.json}")


if __name__ == "__main__":
    main()
