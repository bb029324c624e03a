#!/usr/bin/env python3
"""PostgreSQL store figures: migration each way, replay from the database against the files, and one
saved outcome (append + commit) against the files. Run by `make bench-postgres` under
Tests/Postgres/with-postgres.sh (BEBACK_TEST_POSTGRES names the throwaway server; its fsync is off,
so commit figures are the protocol's cost, not a disk's)."""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time, uuid

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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
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
        print(f"  migrate files -> PostgreSQL, verified record by record  {into * 1000:8.0f} ms  ({entries / into:,.0f} records/s)")
        start = time.perf_counter()
        run([binary, "migrate", "--store", url, "--to", os.path.join(work, "back")])
        back = time.perf_counter() - start
        print(f"  migrate PostgreSQL -> files, verified record by record  {back * 1000:8.0f} ms  ({entries / back:,.0f} records/s)")
        due = ["due", "--rep", "ann", "--format", "tsv", "--at", AT]
        files = timed([binary, *due, "--data", desk], args.runs)
        database = timed([binary, *due, "--store", url], args.runs)
        print(f"  due, whole process, journals in files      {fmt(files)}")
        print(f"  due, whole process, journals in PostgreSQL {fmt(database)}")
        leads = [line.split("\t")[2] for line in run([binary, *due, "--data", desk]).stdout.splitlines()[1:]]
        runs = min(args.runs, len(leads) // 2)
        live = live_latency(binary, url, leads[-runs:])
        print(f"  another process's entry on a desk's screen, PostgreSQL (NOTIFY)  {fmt(live)}")
        log = lambda lead: ["log", lead, "--outcome", "no-answer", "--rep", "ann", "--at", AT]
        file_logs = [timed([binary, *log(lead), "--data", desk], 1)[0] for lead in leads[:runs]]
        db_logs = [timed([binary, *log(lead), "--store", url], 1)[0] for lead in leads[:runs]]
        print(f"  log an outcome, whole process (open, append, sync/commit), files      {fmt(file_logs)}")
        print(f"  log an outcome, whole process (open, append, sync/commit), PostgreSQL {fmt(db_logs)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
