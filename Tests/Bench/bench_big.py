#!/usr/bin/env python3
"""The million-lead bench point (issue 21), run by `make bench-big` (not part of `make test`).

Generates each floor once with the demo generator (cached under --dir, .bench-big/ by default: the
million-lead floor is about 11M entries and 3 GB of journals), writes its snapshot with `beback
compact`, then measures one rep's `due` and the rep's desk opening from the snapshot, each as a whole
process: wall time, CPU time (user + system) and peak resident memory. Every floor has the same number
of leads per rep (the demo's default, one rep per 2,000 leads), so the figures of a small floor beside
a big one show whether a rep's open grows with the rep's own leads or with the floor.

Then `compact --full` on a 100,000-lead floor (--compact-floor; 0 skips it): wall time, CPU and peak
resident memory, beside the goals (under 2 s and 150 MB).

With BEBACK_TEST_POSTGRES set (`make bench-big-postgres` runs it under Tests/Postgres/with-postgres.sh,
with a binary built with the Postgres trait), the biggest floor is also migrated into PostgreSQL
(timed, in entries/s) and a rep's `due` and the manager's `due --all` are measured on it."""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the file bench's tmux helpers)

AT = "2026-11-23 10:42"
ENV = dict(os.environ, TZ="Europe/London", LANG="C.UTF-8")


def measured(cmd):
    """Runs `cmd` under /usr/bin/time: (wall ms, CPU ms, peak KB, stdout)."""
    with tempfile.NamedTemporaryFile(prefix="beback-big-") as report:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", report.name, *cmd], env=ENV, capture_output=True, text=True)
        wall = (time.perf_counter() - start) * 1000
        if proc.returncode != 0:
            sys.exit(f"bench-big: {' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
        user, system, peak = open(report.name).read().split()[-3:]
    return wall, (float(user) + float(system)) * 1000, int(peak), proc.stdout


def generate(binary, folder, leads, reps):
    """The floor, once: demo desk, then its snapshot. Returns what the generation cost (or cost when it ran)."""
    marker = os.path.join(folder, "generated.txt")
    if os.path.exists(marker):
        return open(marker).read().strip()
    if os.path.isdir(folder):
        sys.exit(f"bench-big: {folder} is left from an interrupted generation; delete it and run again")
    demo = measured([binary, "demo", "--data", folder, "--leads", str(leads), "--reps", str(reps), "--seed", "1", "--at", AT])
    compact = measured([binary, "compact", "--data", folder])
    journals = os.path.join(folder, "journals")
    size = sum(os.path.getsize(os.path.join(journals, name)) for name in os.listdir(journals)) / 1e6
    snapshot = os.path.getsize(os.path.join(folder, "snapshots", "desk.snapshot")) / 1e6
    entries = demo[3].split(" leads, ")[1].split(" entries")[0] if " entries" in demo[3] else "?"
    text = (f"{entries} entries, {size:,.0f} MB of journals, snapshot {snapshot:,.0f} MB; demo {demo[0] / 1000:,.1f} s wall, "
            f"{demo[1] / 1000:,.1f} s CPU, peak {demo[2] / 1024:,.0f} MB; compact {compact[0] / 1000:,.1f} s wall, "
            f"{compact[1] / 1000:,.1f} s CPU, peak {compact[2] / 1024:,.0f} MB")
    with open(marker, "w") as handle:
        handle.write(text + "\n")
    return text


def desk_open(binary, folder, rep):
    """The rep's desk in tmux from the snapshot: (open ms from the trace, peak KB). Moves and quits, saves nothing."""
    work = tempfile.mkdtemp(prefix="beback-big-desk-")
    trace, rss = os.path.join(work, "trace.tsv"), os.path.join(work, "rss")
    socket = f"big{os.getpid()}-{uuid.uuid4().hex[:8]}"
    command = f"/usr/bin/time -f %M -o '{rss}' '{binary}' --data '{folder}' --rep {rep} --at '{AT}' --trace '{trace}'; sleep 600"
    bench.tmux(socket, "new-session", "-d", "-s", "b", "-x", "120", "-y", "35", command)
    try:
        bench.wait_screen(socket, lambda s: "Due " in s, seconds=300)
        for key in ["j", "j", "k", "G", "g"]:
            bench.tmux(socket, "send-keys", "-t", "b", key)
            time.sleep(0.05)
        bench.tmux(socket, "send-keys", "-t", "b", "q")
        bench.wait_screen(socket, lambda s: "Session summary" in s, seconds=120)
        deadline = time.time() + 60
        while time.time() < deadline and not (os.path.exists(rss) and open(rss).read().strip()):
            time.sleep(0.05)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    opened = next(int(line.split("\t")[1]) / 1000 for line in open(trace) if line.startswith("open\t"))
    peak = int(open(rss).read().strip().splitlines()[-1])
    shutil.rmtree(work, ignore_errors=True)
    return opened, peak


def postgres_point(binary, args, server, leads):
    """The floor migrated into PostgreSQL once per run (a fresh desk in the server), then a rep's `due`
    and the manager's `due --all` on it, each as a whole process."""
    folder = os.path.abspath(os.path.join(args.dir, f"floor-{leads}"))
    made = generate(binary, folder, leads, max(3, leads // 2000))
    entries = int(made.split(" entries")[0].replace(",", ""))
    url = f"{server}?desk=big-{uuid.uuid4().hex[:8]}"
    print(f"\n{leads:,} leads in PostgreSQL ({entries:,} entries)")
    moved = measured([binary, "migrate", "--data", folder, "--to", url])
    print(f"  migrate files -> PostgreSQL: {moved[0] / 1000:,.1f} s wall, {moved[1] / 1000:,.1f} s CPU, peak {moved[2] / 1024:,.0f} MB, "
          f"{entries / (moved[0] / 1000):,.0f} entries/s (goal at least 100,000)")
    due = [binary, "due", "--store", url, "--rep", "ann", "--format", "tsv", "--at", AT]
    runs = [measured(due) for _ in range(args.runs)]
    own = len(runs[0][3].splitlines()) - 1
    median_line(f"ann's due in PostgreSQL ({own:,} due leads), wall", [r[0] for r in runs], goal=200)
    median_line("  CPU (user + system)", [r[1] for r in runs])
    median_line("  peak resident", [r[2] / 1024 for r in runs], unit="MB")
    team = [binary, "due", "--store", url, "--rep", "mia", "--manager", "--all", "--format", "tsv", "--at", AT]
    runs = [measured(team) for _ in range(max(1, args.runs // 2))]
    median_line("manager's due --all in PostgreSQL, wall", [r[0] for r in runs])
    median_line("  peak resident", [r[2] / 1024 for r in runs], unit="MB")


def median_line(label, values, goal=None, unit="ms"):
    text = f"  {label:44} median {statistics.median(values):9.1f} {unit} (min {min(values):.1f}, max {max(values):.1f})"
    if goal is not None:
        met = statistics.median(values) <= goal
        text += f"   goal < {goal} {unit}: " + ("met" if met else f"MISSED ({statistics.median(values) / goal:.1f}x)")
    print(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", default=os.environ.get("BEBACK_BIN", ".build/release/beback"))
    parser.add_argument("--floors", default=os.environ.get("BEBACK_BIG_FLOORS", "20000,1000000"),
                        help="floor sizes in leads, comma-separated (one rep per 2,000 leads each)")
    parser.add_argument("--dir", default=os.environ.get("BEBACK_BIG_DIR", ".bench-big"), help="where the floors are generated once and kept")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--desk-runs", type=int, default=3)
    parser.add_argument("--compact-floor", type=int, default=int(os.environ.get("BEBACK_BIG_COMPACT_FLOOR", "100000")),
                        help="the floor `compact --full` is measured on, in leads (0: not measured)")
    parser.add_argument("--compact-runs", type=int, default=3)
    parser.add_argument("--postgres-floor", type=int, default=-1,
                        help="the floor migrated into PostgreSQL and measured there (default: the biggest of --floors when "
                             "BEBACK_TEST_POSTGRES is set; 0: none)")
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    os.makedirs(args.dir, exist_ok=True)
    print(f"Beback million-lead bench · {time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} cores · load {os.getloadavg()[0]:.1f}")
    for leads in [int(size) for size in args.floors.split(",") if size]:
        reps = max(3, leads // 2000)
        folder = os.path.abspath(os.path.join(args.dir, f"floor-{leads}"))
        start = time.perf_counter()
        made = generate(binary, folder, leads, reps)
        print(f"\n{leads:,} leads, {reps} reps: {made}" + (f" (generated now, {time.perf_counter() - start:,.0f} s)" if time.perf_counter() - start > 5 else ""))
        rep = "ann"
        due = [binary, "due", "--data", folder, "--rep", rep, "--format", "tsv", "--at", AT]
        runs = [measured(due) for _ in range(args.runs)]
        own = len(runs[0][3].splitlines()) - 1
        median_line(f"{rep}'s due ({own:,} due leads), wall", [r[0] for r in runs], goal=150)
        median_line("  CPU (user + system)", [r[1] for r in runs])
        median_line("  peak resident", [r[2] / 1024 for r in runs], goal=150, unit="MB")
        if args.desk_runs > 0:
            opens = [desk_open(binary, folder, rep) for _ in range(args.desk_runs)]
            median_line(f"{rep}'s desk open from the snapshot (trace)", [o[0] for o in opens], goal=200)
            median_line("  the desk's peak resident", [o[1] / 1024 for o in opens], goal=150, unit="MB")
    server = os.environ.get("BEBACK_TEST_POSTGRES")
    postgres_floor = args.postgres_floor if args.postgres_floor >= 0 else max(int(size) for size in args.floors.split(",") if size)
    if server and postgres_floor > 0:
        postgres_point(binary, args, server, postgres_floor)
    elif postgres_floor > 0 and args.postgres_floor > 0:
        sys.exit("bench-big: --postgres-floor needs BEBACK_TEST_POSTGRES (run it under Tests/Postgres/with-postgres.sh)")
    if args.compact_floor > 0:
        leads = args.compact_floor
        folder = os.path.abspath(os.path.join(args.dir, f"floor-{leads}"))
        made = generate(binary, folder, leads, max(3, leads // 2000))
        print(f"\n{leads:,} leads: {made}")
        runs = [measured([binary, "compact", "--full", "--data", folder]) for _ in range(args.compact_runs)]
        median_line("compact --full, wall", [r[0] for r in runs], goal=2000)
        median_line("  CPU (user + system)", [r[1] for r in runs])
        median_line("  peak resident", [r[2] / 1024 for r in runs], goal=150, unit="MB")


if __name__ == "__main__":
    main()
