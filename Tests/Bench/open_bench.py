#!/usr/bin/env python3
"""Open time of the desk (process start to the first interactive due list, from the desk's own --trace),
with and without a snapshot (DESK/snapshots is removed from a copy for the runs without; write one first
with `beback compact --data DESK`). Each run opens a copy of the desk in tmux, waits for the due list,
quits. Usage: open_bench.py BINARY DESK RUNS; ONLY_SNAPSHOT=1 skips the runs without."""
import os, shutil, statistics, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench

binary, desk, runs = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), int(sys.argv[3])

def open_once(with_snapshot, attempt):
    work = tempfile.mkdtemp(prefix="beback-open-")
    copy = os.path.join(work, "desk")
    shutil.copytree(desk, copy)
    if not with_snapshot:
        shutil.rmtree(os.path.join(copy, "snapshots"), ignore_errors=True)
    trace = os.path.join(work, "trace.tsv")
    socket = f"openbench{os.getpid()}{attempt}{int(with_snapshot)}"
    command = f"'{binary}' --data '{copy}' --rep ann --at '{bench.AT}' --trace '{trace}'; sleep 600"
    bench.tmux(socket, "new-session", "-d", "-s", "b", "-x", "120", "-y", "35", command)
    try:
        bench.wait_screen(socket, lambda s: "Due " in s, seconds=300)
        bench.tmux(socket, "send-keys", "-t", "b", "q")
        bench.wait_screen(socket, lambda s: "Session summary" in s, seconds=300)
        if not with_snapshot:
            bench.wait_for_background_snapshot(copy)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    with open(trace) as handle:
        value = next(int(line.split("\t")[1]) / 1000 for line in handle if line.startswith("open\t"))
    shutil.rmtree(work, ignore_errors=True)
    return value

for with_snapshot in ((True,) if os.environ.get("ONLY_SNAPSHOT") else (False, True)):
    values = [open_once(with_snapshot, attempt) for attempt in range(runs)]
    label = "with snapshot   " if with_snapshot else "without snapshot"
    print(f"{os.path.basename(desk)} open to an interactive due list, {label}: {bench.fmt(values)}  ({runs} runs)", flush=True)
