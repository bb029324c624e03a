#!/usr/bin/env python3
"""PostgreSQL store figures, each beside its goal (issue 21): migration each way, a rep's `due` and the
manager's `due --all` as whole processes (time and peak memory), the desk's open, keys and saves through
tmux, the summary table's rebuild, and one saved outcome against the files. Run by `make bench-postgres`
under Tests/Postgres/with-postgres.sh (BEBACK_TEST_POSTGRES names the throwaway server; its fsync is
off, so commit figures are the protocol's cost, not a disk's). BEBACK_BENCH_LEADS sets the desk's size."""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the file bench's timing and tmux helpers)

AT = "2026-11-23 10:42"
ENV = dict(os.environ, TZ="Europe/London", LANG="C.UTF-8")


def run(cmd):
    result = subprocess.run(cmd, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"bench-postgres: {' '.join(cmd)} failed: {result.stderr.strip()}")
    return result


def timed(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run(cmd)
        times.append((time.perf_counter() - start) * 1000)
    return times


def fmt(values):
    return f"min {min(values):8.1f}  median {statistics.median(values):8.1f}  max {max(values):8.1f} ms"


def goal(label, value, target, unit="ms", more_is_better=False):
    """One figure beside its goal: met, or missed and by how much."""
    met = value >= target if more_is_better else value <= target
    if met:
        verdict = "met"
    elif more_is_better:
        verdict = f"MISSED by {target - value:,.0f} {unit} ({value / target:.0%} of the goal)"
    else:
        verdict = f"MISSED by {value - target:,.0f} {unit} ({value / target:.1f}x the goal)"
    bound = "at least" if more_is_better else "under"
    print(f"  {label:58} {value:12,.1f} {unit:9} goal {bound} {target:,} {unit}: {verdict}")


def desk_figures(binary, url, runs):
    """The rep's desk on the PostgreSQL desk in tmux with a trace, as bench.interactive types it: open
    times, key and save times (trace), and the desk's peak memory."""
    opens, keys, saves, memory = [], [], [], []
    for _ in range(runs):
        work = tempfile.mkdtemp(prefix="beback-pgdesk-")
        trace = os.path.join(work, "trace.tsv")
        rss = os.path.join(work, "rss")
        socket = f"pgdesk{os.getpid()}-{uuid.uuid4().hex[:8]}"
        command = f"/usr/bin/time -f %M -o '{rss}' '{binary}' --store '{url}' --rep ann --at '{AT}' --trace '{trace}'; sleep 600"
        bench.tmux(socket, "new-session", "-d", "-s", "b", "-x", "120", "-y", "35", command)
        try:
            bench.wait_screen(socket, lambda s: "Due " in s)
            for key in ["j", "j", "k", "Tab", "Tab", "Tab", "g", "G", "/", "a", "n", "Escape", "j", "k"] * 3:
                bench.tmux(socket, "send-keys", "-t", "b", key)
                time.sleep(0.01 if key != "Escape" else 0.06)
            for _ in range(10):
                bench.tmux(socket, "send-keys", "-t", "b", "3")
                time.sleep(0.03)
                bench.tmux(socket, "send-keys", "-t", "b", "Enter")
                time.sleep(0.03)
            bench.tmux(socket, "send-keys", "-t", "b", "q")
            bench.wait_screen(socket, lambda s: "Session summary" in s)
            deadline = time.time() + 30
            while time.time() < deadline and not (os.path.exists(rss) and open(rss).read().strip()):
                time.sleep(0.05)
        finally:
            subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
        with open(rss) as handle:
            memory.append(int(handle.read().strip().splitlines()[-1]))
        with open(trace) as handle:
            for line in handle:
                name, micros = line.rstrip("\n").split("\t")[:2]
                value = int(micros) / 1000
                if name == "open":
                    opens.append(value)
                elif name == "enter":
                    saves.append(value)
                elif name not in ("append", "character(\"3\")"):
                    keys.append(value)
        shutil.rmtree(work, ignore_errors=True)
    return opens, keys, saves, memory


def board_figures(binary, desk, url, runs):
    """The manager's team screen on the PostgreSQL desk in tmux with a trace: from the process's start to
    the first frame with the board drawn (the trace's `open` line), and the process's peak memory."""
    opens, memory = [], []
    for _ in range(runs):
        work = tempfile.mkdtemp(prefix="beback-pgboard-")
        trace = os.path.join(work, "trace.tsv")
        rss = os.path.join(work, "rss")
        socket = f"pgboard{os.getpid()}-{uuid.uuid4().hex[:8]}"
        command = (f"/usr/bin/time -f %M -o '{rss}' '{binary}' --data '{desk}' --store '{url}' --rep mia --manager --at '{AT}' "
                   f"--trace '{trace}'; sleep 600")
        bench.tmux(socket, "new-session", "-d", "-s", "b", "-x", "160", "-y", "40", command)
        try:
            bench.wait_screen(socket, lambda s: "Team board" in s, seconds=900)
            bench.tmux(socket, "send-keys", "-t", "b", "q")
            deadline = time.time() + 60
            while time.time() < deadline and not (os.path.exists(rss) and open(rss).read().strip()):
                time.sleep(0.05)
        finally:
            subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
        with open(rss) as handle:
            memory.append(int(handle.read().strip().splitlines()[-1]))
        with open(trace) as handle:
            for line in handle:
                name, micros = line.rstrip("\n").split("\t")[:2]
                if name == "open":
                    opens.append(int(micros) / 1000)
        shutil.rmtree(work, ignore_errors=True)
    return opens, memory


def tmux(socket, *args):
    return subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", *args], env=ENV, check=True, capture_output=True, text=True).stdout


def live_latency(binary, url, leads):
    """A desk in tmux on the PostgreSQL desk; another process logs an outcome; milliseconds from that
    process's exit (its COMMIT acknowledged) until the desk's due count shows it (screen read every 10 ms)."""
    socket = f"pgbench-{uuid.uuid4().hex[:8]}"
    desk = f"env TZ=Europe/London LANG=C.UTF-8 '{binary}' --store '{url}' --rep ann --at '{AT}'"
    tmux(socket, "new-session", "-d", "-s", "b", "-x", "120", "-y", "35", desk)
    latencies = []
    try:
        def due_count():
            screen = tmux(socket, "capture-pane", "-p", "-t", "b")
            for word in screen.split("Due ")[1:]:
                number = word.split()[0] if word.split() else ""
                if number.isdigit():
                    return int(number)
            return None
        deadline = time.time() + 30
        while due_count() is None and time.time() < deadline:
            time.sleep(0.05)
        for lead in leads:
            before = due_count()
            run([binary, "log", lead, "--outcome", "no-answer", "--store", url, "--rep", "ann", "--at", AT])
            committed = time.perf_counter()
            deadline = time.time() + 10
            while due_count() == before and time.time() < deadline:
                time.sleep(0.01)
            if due_count() == before:
                sys.exit("bench-postgres: the desk did not show the other process's entry within 10 s")
            latencies.append((time.perf_counter() - committed) * 1000)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    return latencies


def import_figure(binary, server, work, rows, runs):
    """`beback import` of a CSV of `rows` people into a fresh PostgreSQL desk by its owner (the COPY path),
    whole process, `runs` times (a new desk each), and the median entries it saved per second beside the goal."""
    path = os.path.join(work, f"import-{rows}.csv")
    bench.import_csv(path, rows)
    times, savings, entries = [], [], 0
    for _ in range(runs):
        url = f"{server}?desk=import-{uuid.uuid4().hex[:8]}"
        run([binary, "init", "--store", url, "--country", "GB"])
        start = time.perf_counter()
        out = run([binary, "import", path, "--store", url, "--rep", "ann", "--at", AT, "--rejects", os.path.join(work, "rejects.csv")]).stdout
        times.append(time.perf_counter() - start)
        saved = next(line for line in out.splitlines() if line.startswith("saved "))
        entries = int(saved.split()[1].replace(",", ""))
        savings.append(saved.split(" in ")[-1])
    took = statistics.median(times)
    print(f"  import {rows:,} CSV rows into PostgreSQL ({entries:,} entries), whole process   {took * 1000:8.0f} ms median"
          f"  ({min(times) * 1000:.0f}-{max(times) * 1000:.0f} ms over {runs}; saving {', '.join(savings)})")
    goal("import into PostgreSQL, whole process (entries/s, median)", entries / took, 100_000, "entries/s", more_is_better=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=int(os.environ.get("BEBACK_BENCH_LEADS", "10000")))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--desk-runs", type=int, default=2, help="desk sessions typed through tmux (0: none)")
    parser.add_argument("--import-rows", type=int, default=None, help="rows of the import figure (default: --leads; 0: none)")
    parser.add_argument("--import-runs", type=int, default=3, help="imports timed for the import figure (a new desk each)")
    parser.add_argument("--board-runs", type=int, default=3, help="manager's team screens opened through tmux (0: none)")
    parser.add_argument("--board-before", type=int, default=0,
                        help="also open the team screen this many times with the board worked out from the leads (as before the aggregates)")
    args = parser.parse_args()
    binary = os.environ.get("BEBACK_BIN", ".build/release/beback")
    server = os.environ.get("BEBACK_TEST_POSTGRES")
    if not server:
        sys.exit("bench-postgres: BEBACK_TEST_POSTGRES is unset; run it with Tests/Postgres/with-postgres.sh (make bench-postgres does)")
    work = tempfile.mkdtemp(prefix="beback-pgbench-")
    try:
        desk = os.path.join(work, "desk")
        run([binary, "demo", "--data", desk, "--leads", str(args.leads), "--seed", "7", "--at", AT])
        entries = int(run([binary, "verify", "--data", desk]).stdout.split(" records")[-2].split("\n")[-1])
        url = f"{server}?desk=bench-{uuid.uuid4().hex[:8]}"
        print(f"Beback PostgreSQL bench · {time.strftime('%Y-%m-%d')} · {os.cpu_count()} cores · {args.leads} leads · {entries} entries · {args.runs} runs each")
        start = time.perf_counter()
        run([binary, "migrate", "--data", desk, "--to", url])
        into = time.perf_counter() - start
        print(f"  migrate files -> PostgreSQL, verified record by record, summaries built  {into * 1000:8.0f} ms")
        goal("migrate files -> PostgreSQL (entries/s)", entries / into, 100_000, "entries/s", more_is_better=True)
        start = time.perf_counter()
        run([binary, "migrate", "--store", url, "--to", os.path.join(work, "back")])
        back = time.perf_counter() - start
        print(f"  migrate PostgreSQL -> files, verified record by record  {back * 1000:8.0f} ms  ({entries / back:,.0f} records/s)")
        start = time.perf_counter()
        run([binary, "rebuild", "--store", url])
        print(f"  rebuild: replay, compare every summary row, rewrite     {(time.perf_counter() - start) * 1000:8.0f} ms")
        due = ["due", "--rep", "ann", "--format", "tsv", "--at", AT]
        files, _ = bench.timed([binary, *due, "--data", desk], args.runs)
        database, database_rss = bench.timed([binary, *due, "--store", url], args.runs)
        print(f"  due, whole process, journals in files      {fmt(files)}")
        print(f"  due, whole process, journals in PostgreSQL {fmt(database)}")
        goal("a rep's due, whole process, PostgreSQL (median)", statistics.median(database), 150)
        goal("a rep's due, peak resident, PostgreSQL (median)", statistics.median(database_rss) / 1024, 100, "MB")
        team = ["due", "--data", desk, "--rep", "mia", "--manager", "--all", "--format", "tsv", "--at", AT]
        team_db, team_rss = bench.timed([binary, *team, "--store", url], args.runs)
        print(f"  due --all (manager), whole process, PostgreSQL {fmt(team_db)}  peak {statistics.median(team_rss) / 1024:.0f} MB")
        goal("manager's due --all, whole process, PostgreSQL (median)", statistics.median(team_db), 1000)
        if args.board_before > 0:
            # The board as it was before the aggregates: the desk's board columns marked unbuilt, so the
            # screen works every figure out from the leads (the code path main had), then marked built again.
            desk_name = url.split("desk=")[-1]
            psql = ["psql", server, "-X", "-q", "-c"]
            run([*psql, f"UPDATE beback_desks SET boarded = false WHERE desk = '{desk_name}'"])
            before, before_rss = board_figures(binary, desk, url, args.board_before)
            run([*psql, f"UPDATE beback_desks SET boarded = true WHERE desk = '{desk_name}'"])
            print(f"  manager's team screen open, from the leads (before)   {fmt(before)}  peak {statistics.median(before_rss) / 1024:.0f} MB")
        if args.board_runs > 0:
            board, board_rss = board_figures(binary, desk, url, args.board_runs)
            print(f"  manager's team screen open to the board, PostgreSQL {fmt(board)}  peak {statistics.median(board_rss) / 1024:.0f} MB")
            goal("manager's board open, PostgreSQL (median)", statistics.median(board), 1000)
        if args.desk_runs > 0:
            opens, keys, saves, memory = desk_figures(binary, url, args.desk_runs)
            goal("a rep's desk open to an interactive due list (median)", statistics.median(opens), 200)
            goal(f"key to redrawn screen, p99 ({len(keys)} keys)", bench.percentile(keys, 99), 5)
            goal(f"save (append, commit, fold, redraw), p99 ({len(saves)} saves)", bench.percentile(saves, 99), 15)
            print(f"  the desk's peak resident memory (median)                   {statistics.median(memory) / 1024:8.0f} MB")
        leads = [line.split("\t")[2] for line in run([binary, *due, "--store", url]).stdout.splitlines()[1:]]
        runs = min(args.runs, len(leads) // 2)
        live = live_latency(binary, url, leads[-runs:])
        print(f"  another process's entry on a desk's screen, PostgreSQL (NOTIFY)  {fmt(live)}")
        log = lambda lead: ["log", lead, "--outcome", "no-answer", "--rep", "ann", "--at", AT]
        file_logs = [timed([binary, *log(lead), "--data", desk], 1)[0] for lead in leads[:runs]]
        db_logs = [timed([binary, *log(lead), "--store", url], 1)[0] for lead in leads[:runs]]
        print(f"  log an outcome, whole process (open, append, sync/commit), files      {fmt(file_logs)}")
        print(f"  log an outcome, whole process (open, append, sync/commit), PostgreSQL {fmt(db_logs)}")
        rows = args.leads if args.import_rows is None else args.import_rows
        if rows > 0:
            import_figure(binary, server, work, rows, args.import_runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
