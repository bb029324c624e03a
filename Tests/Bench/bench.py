#!/usr/bin/env python3
"""Beback benchmarks: prints each figure of the performance goals as min/median/max over repeated runs.

Run by `make bench` (release build first). Desks are generated once into bench-data/ (ignored by git).
Interactive figures come from the desk's own --trace file while tmux types the keys, as a person would;
the key-to-visible-screen figure is timed from outside, from tmux's send-keys to a changed capture-pane.
"""
import argparse, fcntl, json, os, shutil, statistics, subprocess, sys, tempfile, time, uuid

AT = "2026-11-23 10:42"
ENV = dict(os.environ, TZ="Europe/London", LANG="C.UTF-8")


def run(cmd, **kw):
    return subprocess.run(cmd, env=ENV, check=True, capture_output=True, text=True, **kw)


def timed(cmd, runs):
    """Wall milliseconds and peak resident KiB of a whole process, over `runs` runs. The peak comes
    from /usr/bin/time: a child's own ru_maxrss starts from its parent's size at fork, and this
    script grows large while it writes the taskwarrior tasks."""
    times, rss = [], []
    with tempfile.NamedTemporaryFile(prefix="beback-rss-") as peak:
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak.name, *cmd], env=ENV,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append((time.perf_counter() - start) * 1000)
            if proc.returncode != 0:
                sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode})")
            with open(peak.name) as handle:
                rss.append(int(handle.read().split()[-1]))
    return times, rss


def fmt(values, unit="ms"):
    return f"min {min(values):8.1f}  median {statistics.median(values):8.1f}  max {max(values):8.1f} {unit}"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def tmux(socket, *args):
    return subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", *args], env=ENV, check=True, capture_output=True, text=True).stdout


def wait_screen(socket, predicate, seconds=60):
    deadline = time.time() + seconds
    screen = ""
    while time.time() < deadline:
        screen = tmux(socket, "capture-pane", "-p", "-t", "b")
        if predicate(screen):
            return screen
        time.sleep(0.02)
    sys.exit(f"bench: the desk did not show the expected screen in {seconds} s; the screen was:\n{screen}")


def wait_for_background_snapshot(copy, seconds=300):
    """A desk opened without a snapshot has one written after it quits (`beback compact --background`):
    wait for it, so it neither runs into the next measurement nor loses its folder."""
    snapshot = os.path.join(copy, "snapshots", "desk.snapshot")
    lock = os.path.join(copy, "snapshots", "compact.lock")
    deadline = time.time() + seconds
    while time.time() < deadline and not os.path.exists(snapshot):
        time.sleep(0.2)
    if os.path.exists(lock):
        with open(lock) as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)


def visible_latency(socket, keys=20, seconds=5):
    """Keystroke to screen as a person sees it through tmux: the time from sending j or k (in turn, so
    the lead pane's name changes each time) to the first capture of the pane that differs from the one
    before. It includes starting tmux's send-keys and capture-pane commands (a few ms each): an upper
    bound on what the terminal shows, where the trace gives the desk's own share."""
    times = []
    before = tmux(socket, "capture-pane", "-p", "-t", "b")
    for number in range(keys):
        start = time.perf_counter()
        tmux(socket, "send-keys", "-t", "b", "j" if number % 2 == 0 else "k")
        deadline = start + seconds
        while True:
            screen = tmux(socket, "capture-pane", "-p", "-t", "b")
            if screen != before or time.perf_counter() > deadline:
                break
        if screen != before:
            times.append((time.perf_counter() - start) * 1000)
        before = screen
        time.sleep(0.05)
    return times


def interactive(binary, desk, runs):
    """Open the desk in tmux with a trace; type moves, filters, pane switches and outcomes. Gives the
    open times, key and save times, the saves' appends (written and synced), the desk process's
    peak memory (KB) per run, and the keys timed from outside through tmux (`visible_latency`)."""
    opens, keys, saves, appends, memory, visible = [], [], [], [], [], []
    keys_cpu, saves_cpu = [], []
    for attempt in range(runs):
        work = tempfile.mkdtemp(prefix="beback-bench-")
        copy = os.path.join(work, "desk")
        shutil.copytree(desk, copy)
        # The copy's pages are dirty until written back; a desk's real journals are long on disk. Without
        # this, the first save's fdatasync would write out the whole copied journal and time the copy.
        os.sync()
        trace = os.path.join(work, "trace.tsv")
        socket = f"bench{os.getpid()}-{uuid.uuid4().hex[:8]}"
        had_snapshot = os.path.exists(os.path.join(copy, "snapshots", "desk.snapshot"))
        rss = os.path.join(work, "rss")
        command = f"/usr/bin/time -f %M -o '{rss}' '{binary}' --data '{copy}' --rep ann --at '{AT}' --trace '{trace}'; sleep 600"
        tmux(socket, "new-session", "-d", "-s", "b", "-x", "120", "-y", "35", command)
        try:
            wait_screen(socket, lambda s: "Due " in s)
            sequence = ["j", "j", "k", "Tab", "Tab", "Tab", "g", "G", "/", "a", "n", "Escape", "j", "k"] * 3
            for key in sequence:
                tmux(socket, "send-keys", "-t", "b", key)
                time.sleep(0.01 if key != "Escape" else 0.06)
            for _ in range(10):
                tmux(socket, "send-keys", "-t", "b", "3")
                time.sleep(0.03)
                tmux(socket, "send-keys", "-t", "b", "Enter")
                time.sleep(0.03)
            visible += visible_latency(socket)
            tmux(socket, "send-keys", "-t", "b", "q")
            wait_screen(socket, lambda s: "Session summary" in s)
            if not had_snapshot:
                wait_for_background_snapshot(copy)
            # /usr/bin/time writes the desk's peak memory once the desk has exited.
            deadline = time.time() + 30
            while time.time() < deadline and not (os.path.exists(rss) and open(rss).read().strip()):
                time.sleep(0.05)
        finally:
            subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
        with open(rss) as handle:
            memory.append(int(handle.read().strip().splitlines()[-1]))
        with open(trace) as handle:
            for line in handle:
                # name, wall microseconds; a key's line adds the desk thread's CPU microseconds.
                fields = line.rstrip("\n").split("\t")
                name, value = fields[0], int(fields[1]) / 1000
                cpu = int(fields[2]) / 1000 if len(fields) > 2 else None
                if name == "open":
                    opens.append(value)
                elif name == "append":
                    appends.append(value)
                elif name == "enter":
                    saves.append(value)
                    saves_cpu.append(cpu)
                elif name != "character(\"3\")":
                    keys.append(value)
                    keys_cpu.append(cpu)
        shutil.rmtree(work, ignore_errors=True)
    return opens, keys, saves, appends, memory, visible, keys_cpu, saves_cpu


def find_queries(desk, count=300):
    """Queries of every kind a rep types to find a lead, made from the desk's first captures and notes:
    full names, a first name, companies, emails, id prefixes, phone numbers typed in two other formats
    (`0207 946 0106`, `+44 (20) 7946-0106` for `+44 20 7946 0106`), the words of a note."""
    leads, notes = [], []
    journals = os.path.join(desk, "journals")
    for name in sorted(os.listdir(journals)):
        if not name.endswith(".journal"):
            continue
        with open(os.path.join(journals, name), encoding="utf-8", errors="replace") as handle:
            next(handle, None)
            for line in handle:
                if not line.startswith("b1 "):
                    continue
                try:
                    event = json.loads(line[55:])
                except ValueError:
                    continue
                kind, body = event.get("kind"), event.get("body", {})
                if kind == "captured" and len(leads) < count:
                    profile = body["profile"]
                    phones = [p["number"] for p in profile.get("contact", {}).get("phones", [])]
                    leads.append((event["lead"], profile["name"], profile.get("company", ""), profile.get("contact", {}).get("email") or "", phones))
                elif kind == "touch" and body.get("note") and len(notes) < count:
                    notes.append(body["note"])
                elif kind == "note" and body.get("text") and len(notes) < count:
                    notes.append(body["text"])
        if len(leads) >= count and len(notes) >= count // 4:
            break
    queries = []
    for index, (lead, name, company, email, phones) in enumerate(leads):
        kind = index % 8
        digits = "".join(c for c in (phones[0] if phones else "") if c.isdigit())
        if kind == 0:
            queries.append(name)
        elif kind == 1:
            queries.append(name.split()[0].lower())
        elif kind == 2 and company:
            queries.append(company)
        elif kind == 3 and email:
            queries.append(email)
        elif kind == 4:
            queries.append(lead[:3])
        elif kind == 5 and digits.startswith("44") and len(digits) == 12:
            queries.append(f"0{digits[2:5]} {digits[5:8]} {digits[8:]}")
        elif kind == 6 and digits.startswith("44") and len(digits) == 12:
            queries.append(f"+44 ({digits[2:4]}) {digits[4:8]}-{digits[8:]}")
        elif kind == 7 and notes:
            queries.append(" ".join(notes[index % len(notes)].split()[:2]))
        else:
            queries.append(name)
    return [q.replace("\n", " ") for q in queries if q.strip()]


def find_latency(binary, desk, runs):
    """Each query's time in one process (`beback find --time-queries`, the index built once as the desk's
    first `/` builds it), and the index's build times, over `runs` processes."""
    queries = find_queries(desk)
    times, cpu, builds = [], [], []
    with tempfile.NamedTemporaryFile("w", prefix="beback-find-", suffix=".txt", encoding="utf-8") as handle:
        handle.write("\n".join(queries) + "\n")
        handle.flush()
        for _ in range(runs):
            out = run([binary, "find", "--time-queries", handle.name, "--data", desk, "--rep", "mia", "--manager", "--at", AT]).stdout
            for line in out.splitlines():
                fields = line.split("\t")
                if fields[0] == "build":
                    builds.append(float(fields[1]))
                elif fields[0] == "query":
                    times.append(float(fields[1]))
                    cpu.append(float(fields[3]))
    return len(queries), times, cpu, builds


def taskwarrior_desk(desk, folder):
    """The desk's leads as taskwarrior tasks (due date, touches as annotations), imported once."""
    data = os.path.join(folder, "data")
    rc = os.path.join(folder, "taskrc")
    if os.path.exists(os.path.join(folder, "imported")):
        return data, rc
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(data)
    with open(rc, "w") as handle:
        handle.write(f"data.location={data}\nconfirmation=no\nverbose=nothing\nhooks=off\n")
    leads = {}
    journals = os.path.join(desk, "journals")
    for name in sorted(os.listdir(journals)):
        if not name.endswith(".journal"):
            continue
        with open(os.path.join(journals, name), encoding="utf-8", errors="replace") as handle:
            next(handle, None)
            for line in handle:
                if not line.startswith("b1 "):
                    continue
                event = json.loads(line[55:])
                lead = leads.setdefault(event["lead"], {"name": "", "due": None, "notes": []})
                kind, body = event["kind"], event["body"]
                if kind == "captured":
                    lead["name"] = body["profile"]["name"]
                elif kind == "scheduled":
                    lead["due"] = body["due"]
                elif kind == "unscheduled":
                    lead["due"] = None
                elif kind == "touch":
                    lead["notes"].append((event["at"], body["outcome"]))
    stamp = lambda seconds: time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(seconds))
    tasks = []
    for index, (lead_id, lead) in enumerate(sorted(leads.items())):
        if lead["due"] is None:
            continue
        tasks.append({"uuid": "%08x-0000-4000-8000-%012x" % (index, index), "status": "pending", "entry": "20261101T090000Z",
                      "description": f"{lead['name']} ({lead_id})", "due": stamp(lead["due"]),
                      "annotations": [{"entry": stamp(at), "description": outcome} for at, outcome in lead["notes"]]})
    path = os.path.join(folder, "tasks.json")
    with open(path, "w") as handle:
        json.dump(tasks, handle)
    start = time.perf_counter()
    subprocess.run(["task", f"rc:{rc}", "import", path], env=ENV, check=True, capture_output=True)
    print(f"  taskwarrior: imported {len(tasks)} tasks in {time.perf_counter() - start:.1f} s")
    open(os.path.join(folder, "imported"), "w").close()
    return data, rc


def ensure_taskwarrior():
    if shutil.which("task"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        apt = dict(ENV, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(["apt-get", "install", "-y", "-qq", "taskwarrior"], env=apt, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=apt, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "taskwarrior"], env=apt, capture_output=True)
    if not shutil.which("task"):
        print("  taskwarrior: not installed (apt-get install taskwarrior); comparison skipped")
        return False
    return True


IMPORT_FIRST = ["Ann", "Ben", "Chloé", "Dev", "Eve", "Farid", "Grace", "Hugo", "Iris", "Jonas", "Kemi", "Lars", "Mai", "Nils", "Olu", "Priya"]
IMPORT_LAST = ["Walker", "Okafor", "Müller", "Sato", "Brown", "Khan", "Rossi", "Novak", "Silva", "Dubois", "Evans", "Larsen"]
IMPORT_COMPANY = ["Acme Ltd", "Northwind", "Blue Yonder", "Fabrikam", "Contoso", "Initech", "Globex", "Umbrella"]


def import_csv(path, rows):
    """A CRM-shaped CSV of `rows` distinct people (a phone, an email, a company, a source, a note),
    written once; the same rows as taskwarrior tasks beside it (tasks.json)."""
    if os.path.exists(path):
        return
    import csv
    tasks = []
    with open(path + ".tmp", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Company", "Phone", "Email", "Lead Source", "Description"])
        for number in range(rows):
            first, last = IMPORT_FIRST[number % len(IMPORT_FIRST)], IMPORT_LAST[(number // 7) % len(IMPORT_LAST)]
            phone = f"+44 20 7{number // 10000 % 1000:03d} {number % 10000:04d}"
            writer.writerow([first, last, IMPORT_COMPANY[number % len(IMPORT_COMPANY)], phone,
                             f"{first.lower()}.{last.lower()}{number}@example.com", "Web", f"asked about the {number % 5 + 1}-seat plan"])
            tasks.append({"uuid": "%08x-0000-4000-8000-%012x" % (number, number), "status": "pending", "entry": "20261101T090000Z",
                          "description": f"{first} {last} ({phone})", "due": "20261124T090000Z",
                          "annotations": [{"entry": "20261101T090000Z", "description": f"asked about the {number % 5 + 1}-seat plan"}]})
    os.replace(path + ".tmp", path)
    with open(path + ".tasks.json", "w") as handle:
        json.dump(tasks, handle)


def import_bench(binary, data, rows, runs, have_task):
    """`beback import` of a CSV of `rows` people into a fresh desk, dry run and real, whole process
    (wall time and peak memory), beside taskwarrior's `task import` of the same rows."""
    path = os.path.abspath(os.path.join(data, f"import-{rows}.csv"))
    import_csv(path, rows)
    print(f"\nimport of {rows:,} CSV rows into an empty desk (release build, whole process)")
    for dry in (True, False):
        times, rss = [], []
        for _ in range(runs):
            work = tempfile.mkdtemp(prefix="beback-import-")
            desk = os.path.join(work, "desk")
            run([binary, "init", "--data", desk, "--rep", "ann"], input="\n")
            cmd = [binary, "import", path, "--data", desk, "--rep", "ann", "--at", AT, "--rejects", os.path.join(work, "rejects.csv")]
            one, peak = timed(cmd + (["--dry-run"] if dry else []), 1)
            times += one
            rss += peak
            shutil.rmtree(work, ignore_errors=True)
        label = "beback import --dry-run" if dry else "beback import (journal written)"
        print(f"  {label:34} {fmt(times)}, peak {max(rss) / 1024:.0f} MB")
    if not have_task:
        print("  taskwarrior: not installed; `task import` comparison skipped")
        return
    times = []
    for _ in range(max(1, min(runs, 3))):
        work = tempfile.mkdtemp(prefix="beback-task-")
        rc = os.path.join(work, "taskrc")
        with open(rc, "w") as handle:
            handle.write(f"data.location={work}/data\nconfirmation=no\nverbose=nothing\nhooks=off\n")
        os.makedirs(os.path.join(work, "data"))
        one, _ = timed(["task", f"rc:{rc}", "import", path + ".tasks.json"], 1)
        times += one
        shutil.rmtree(work, ignore_errors=True)
    print(f"  taskwarrior `task import` (same rows as JSON)  {fmt(times)}")


def snapshot_upkeep(binary, desk, due, runs):
    """On a copy of the desk: a full `compact --full` (re-reads every journal) timed with its peak
    memory, then 1,000 new entries (500 leads imported from a CSV) and the refresh `compact` makes of
    them (a delta of the changed leads), then `due` opened from the snapshot and its delta."""
    copy = tempfile.mkdtemp(prefix="beback-upkeep-")
    try:
        folder = os.path.join(copy, "desk")
        shutil.copytree(desk, folder, symlinks=True)
        full_ms, full_kb, refresh_ms, refresh_kb, outcome = [], [], [], [], ""
        for number in range(runs):
            times, rss = timed([binary, "compact", "--full", "--data", folder], 1)
            full_ms += times
            full_kb += rss
            csv = os.path.join(copy, f"new-{number}.csv")
            # Each imported lead is two entries (its capture and its first follow-up's plan).
            with open(csv, "w") as handle:
                handle.write("Name,Phone,Company\n")
                for index in range(500):
                    handle.write(f"Bench Lead {number}-{index},+1 555 7{number:02d}{index:06d},Upkeep Ltd\n")
            run([binary, "import", csv, "--data", folder, "--rep", "mia", "--manager", "--at", AT])
            times, rss = timed([binary, "compact", "--data", folder], 1)
            refresh_ms += times
            refresh_kb += rss
            outcome = "delta" if os.path.exists(os.path.join(folder, "snapshots", "desk.delta")) else "MERGED, no delta"
        print(f"  compact --full (re-reads every journal)           {fmt(full_ms)}   goal < 2000 ms")
        print(f"  peak memory of compact --full                     {max(full_kb) / 1024:8.1f} MB   goal < 150 MB")
        print(f"  snapshot refresh after 1,000 new entries ({outcome}) {fmt(refresh_ms)}   goal < 200 ms")
        print(f"  peak memory of that refresh                       {max(refresh_kb) / 1024:8.1f} MB")
        delta_due = [folder if part == desk else part for part in due]
        times, rss = timed(delta_due, runs)
        print(f"  due --format tsv, from the snapshot and its delta  {fmt(times)}, peak {max(rss) / 1024:.1f} MB")
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", default=os.environ.get("BEBACK_BIN", ".build/release/beback"))
    parser.add_argument("--sizes", default=os.environ.get("BEBACK_BENCH_SIZES", "10000,100000"))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BEBACK_BENCH_RUNS", "5")))
    parser.add_argument("--data", default=os.environ.get("BEBACK_BENCH_DATA", "bench-data"))
    parser.add_argument("--import-rows", default=os.environ.get("BEBACK_BENCH_IMPORT_ROWS", "100000"),
                        help="rows of the import figure (comma-separated; empty skips it)")
    parser.add_argument("--import-only", action="store_true", help="print only the import figures")
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("bench: /usr/bin/time is missing (it measures peak memory): apt-get install time")
    os.makedirs(args.data, exist_ok=True)
    with open("/proc/cpuinfo") as handle:
        cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "unknown cpu")
    print(f"Beback bench · {time.strftime('%Y-%m-%d')} · {os.cpu_count()} cores · {cpu} · {args.runs} runs each")
    have_task = ensure_taskwarrior()
    for rows in [int(s) for s in args.import_rows.split(",") if s]:
        import_bench(binary, args.data, rows, max(1, min(args.runs, 3)), have_task)
    if args.import_only:
        return
    for size in [int(s) for s in args.sizes.split(",") if s]:
        desk = os.path.abspath(os.path.join(args.data, f"desk-{size}"))
        if not os.path.isdir(os.path.join(desk, "journals")):
            start = time.perf_counter()
            run([binary, "demo", "--data", desk, "--leads", str(size), "--seed", "7", "--at", AT])
            print(f"generated {desk} in {time.perf_counter() - start:.1f} s")
        verify = run([binary, "verify", "--data", desk]).stdout
        entries = int(next(line for line in verify.splitlines() if " records · " in line).split()[0])
        size_mb = sum(os.path.getsize(os.path.join(desk, "journals", f)) for f in os.listdir(os.path.join(desk, "journals"))) / 1e6
        print(f"\n{size} leads · {entries} entries · {size_mb:.0f} MB of journals")
        due = [binary, "due", "--data", desk, "--rep", "mia", "--manager", "--all", "--format", "tsv", "--at", AT]
        snapshots = os.path.join(desk, "snapshots")
        for with_snapshot in (False, True):
            if with_snapshot:
                start = time.perf_counter()
                run([binary, "compact", "--data", desk])
                print(f"  beback compact (writes the snapshot)              {(time.perf_counter() - start) * 1000:8.1f} ms")
            else:
                shutil.rmtree(snapshots, ignore_errors=True)
            how = "from the snapshot" if with_snapshot else "no snapshot (indexed)"
            times, rss = timed(due, args.runs)
            print(f"  due --format tsv, whole process, {how:22} {fmt(times)}")
            if not with_snapshot:
                print(f"  entries read per second at that median            {entries / (statistics.median(times) / 1000):12,.0f} entries/s")
            print(f"  peak memory of that process                       {max(rss) / 1024:8.1f} MB")
            opens, keys, saves, appends, memory, visible, keys_cpu, saves_cpu = interactive(binary, desk, max(1, min(args.runs, 3)))
            print(f"  desk open to an interactive due list, {how:17} {fmt(opens)}")
            print(f"  peak memory of the desk (open, keys, saves, quit) {max(memory) / 1024:8.1f} MB")
            if keys:
                print(f"  keystroke to redrawn screen ({len(keys)} keys)          p50 {percentile(keys, 50):6.2f}  p99 {percentile(keys, 99):6.2f}  max {max(keys):6.2f} ms")
                print(f"    the same as the desk thread's CPU time              p50 {percentile(keys_cpu, 50):6.2f}  p99 {percentile(keys_cpu, 99):6.2f}  max {max(keys_cpu):6.2f} ms (without other processes' turns)")
            if visible:
                print(f"  key to visible screen through tmux ({len(visible)} keys)  p50 {percentile(visible, 50):6.2f}  p99 {percentile(visible, 99):6.2f}  max {max(visible):6.2f} ms (send-keys to changed capture-pane)")
            if saves:
                print(f"  record an outcome: append+fdatasync+fold+redraw   p50 {percentile(saves, 50):6.2f}  p99 {percentile(saves, 99):6.2f}  max {max(saves):6.2f} ms ({len(saves)} saves)")
                print(f"    the same as the desk thread's CPU time              p50 {percentile(saves_cpu, 50):6.2f}  p99 {percentile(saves_cpu, 99):6.2f}  max {max(saves_cpu):6.2f} ms (the fdatasync wait is not CPU)")
            if appends:
                print(f"    of which the append (written, fdatasync)        p50 {percentile(appends, 50):6.2f}  p99 {percentile(appends, 99):6.2f}  max {max(appends):6.2f} ms")
        snapshot_upkeep(binary, desk, due, args.runs)
        count, find_times, find_cpu, find_builds = find_latency(binary, desk, max(1, min(args.runs, 3)))
        print(f"  find any lead ({count} queries x {len(find_builds)}: names, phones in other formats, ids, emails, notes)"
              f"  p50 {percentile(find_times, 50):6.2f}  p99 {percentile(find_times, 99):6.2f}  max {max(find_times):6.2f} ms (goal: p99 under 50 ms at 100k)")
        print(f"    the same as the query's own CPU time (without other processes' turns)  p50 {percentile(find_cpu, 50):6.2f}  p99 {percentile(find_cpu, 99):6.2f}  max {max(find_cpu):6.2f} ms")
        print(f"    building the find index once (the desk does it in the background at open)  {fmt(find_builds)}")
        if have_task:
            data, rc = taskwarrior_desk(desk, os.path.join(os.path.abspath(args.data), f"taskwarrior-{size}"))
            task_times, task_rss = timed(["task", f"rc:{rc}", "next", "limit:0"], args.runs)
            beback_times, _ = timed(due, args.runs)
            ratio = statistics.median(task_times) / statistics.median(beback_times)
            print(f"  taskwarrior 2.6 `task next` (same leads)          {fmt(task_times)}, peak {max(task_rss) / 1024:.0f} MB")
            print(f"  beback due (with its snapshot) / task next         {ratio:8.2f}x faster" if ratio >= 1 else f"  beback due (with its snapshot) is {1 / ratio:.2f}x SLOWER than task next")


if __name__ == "__main__":
    main()
