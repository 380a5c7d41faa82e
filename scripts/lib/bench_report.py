#!/usr/bin/python3
"""Prints the Markdown report of a scripts/bench run: per stage seconds and rows/s, wall time,
peak memory, Parquet sizes. Usage: bench_report.py WORK_DIR ROWS"""
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

work, rows = Path(sys.argv[1]), int(sys.argv[2])
runs = sorted((json.loads(p.read_text()) for p in (work / "lake" / "_runs").glob("*.json")), key=lambda m: m["started_at"])


def stage_rows(s):
    for k in ("rows_read", "complaints", "complaints_in_window", "events_read"):
        if k in s:
            return s[k], k
    return None, None


def peak_heap_mb(gc_log):
    if not gc_log.exists():
        return None, None
    before = after = 0
    for m in re.finditer(r"(\d+)M->(\d+)M\(\d+M\)", gc_log.read_text(errors="replace")):
        before, after = max(before, int(m.group(1))), max(after, int(m.group(2)))
    return before, after


def rss_mb(tfile):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tfile.read_text()) if tfile.exists() else None
    return int(m.group(1)) // 1024 if m else None


cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
print(f"## {rows:,} complaints\n")
print(f"Machine: {os.cpu_count()} cores ({cpu}), {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GB, {platform.system()} {platform.release()}, "
      f"driver heap -Xmx{os.environ.get('MINQING_DRIVER_MEMORY', '6g')}, Spark local[*]. Command: `scripts/bench {rows}`.\n")
names = ["full", "incremental"][:len(runs)]
for name, m in zip(names, runs):
    wall = float((work / f"{name}.wall").read_text()) if (work / f"{name}.wall").exists() else None
    hb, ha = peak_heap_mb(work / f"{name}.gc.log")
    print(f"### {name} run `{m['run_id']}` (--date {m['run_date']})\n")
    print(f"Wall time {wall:.0f} s (JVM start, Spark start, all stages, manifest); peak RSS {rss_mb(work / (name + '.time'))} MB; "
          f"peak heap before / after GC {hb} / {ha} MB; inputs read {len(m.get('inputs', []))}, skipped as already ingested {len(m.get('inputs_skipped', []))}.\n")
    print("| stage | rows | seconds | rows/s |\n|---|---:|---:|---:|")
    total = 0
    for s in m["stages"]:
        n, k = stage_rows(s)
        sec = s.get("seconds", 0)
        total += sec
        label = s["stage"] if not s.get("mode") else f"{s['stage']} ({s['mode']} night, {s['new_complaints']:,} new)" if "new_complaints" in s else \
            f"{s['stage']} ({s['mode']} night, {s.get('cases_evaluated', 0):,} cases evaluated)"
        print(f"| {label} | {n:,} {k} | {sec:.1f} | {n / sec if n and sec else 0:,.0f} |" if n is not None else f"| {label} | — | {sec:.1f} | — |")
    print(f"| **stages** | | **{total:.1f}** | |\n")

walls = {n: float((work / f"{n}.wall").read_text()) for n in names if (work / f"{n}.wall").exists()}
if len(walls) == 2:
    print(f"Next night / full night, wall time: {walls['incremental']:.0f} / {walls['full']:.0f} s = **{100 * walls['incremental'] / walls['full']:.1f}%**.\n")

print("### Parquet size per table (after both runs)\n\n| table | MB | files |\n|---|---:|---:|")
lake = work / "lake"
for t in sorted(p for p in lake.iterdir() if not p.name.startswith("_")):
    files = list(t.rglob("*.parquet"))
    print(f"| {t.name} | {sum(f.stat().st_size for f in files) / 1e6:,.1f} | {len(files):,} |")
print()
