#!/usr/bin/env python3
"""fleet.py: privmap fleet over real reports (issue 18).

Three root filesystems are built from fixtures (fleetlib.HOSTS), each
scanned by privmap into DIR/HOST/privmap.json, the layout the Ansible
role fetches. Then:

- the JSON view meets docs/fleet.schema.json, and its counts (per kind:
  hosts, which, findings, worst; per host: worst, findings, ids) are the
  ones Python works out from the three reports; hosts are ranked;
- files named on the command line give the same view as the directory;
- paths to root: hosts of one worst severity rank by their reports'
  graph.paths_total; a host without a graph says "no graph" in
  the text and null in the JSON; a graph whose paths_total is not a
  count is refused (exit 2);
- against a baseline (the JSON view of the first two hosts before one
  tree is fixed): the third host is new, its findings are new, the
  finding the fix removed is counted fixed, and nothing else is new;
- hostile input: a report out of contract, a host named twice, a
  baseline out of contract each exit 2 naming why; a host name with
  markup and a control character is escaped in the HTML and the text;
  the HTML is one file with no script and nothing fetched, and headless
  Chromium renders it with the hostile name as text (a bidi override
  escaped in the page and the text);
- linear: 4N reports take about 4 times the CPU time of N (the ratio
  must stay under 8; no absolute time is asserted).

Needs root to build the trees (skip 77 otherwise, as the fixtures do).
"""
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fleetlib  # noqa: E402
from contract import check_report  # noqa: E402
from need import need  # noqa: E402

PRIVMAP = fleetlib.PRIVMAP
failures = []
CHROMIUM = []   # the browser main() found (need.py)


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def run(*args, rc=0):
    p = subprocess.run([PRIVMAP, "fleet"] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    if rc is not None and p.returncode != rc:
        fail(f"privmap fleet {' '.join(args)}: exit {p.returncode}, expected "
             f"{rc}: {p.stderr.decode(errors='replace').strip()}")
    return p


def view_of(*args):
    p = run("--format", "json", *args)
    try:
        return json.loads(p.stdout)
    except ValueError:
        fail(f"fleet {' '.join(args)}: not JSON")
        return None


def check_view(view, reports, what):
    for b in fleetlib.schema_errors(view) + fleetlib.compare(view, reports):
        fail(f"{what}: {b}")


def build(tmp):
    roots, reports = {}, {}
    out = os.path.join(tmp, "out")
    for host, fx in fleetlib.HOSTS.items():
        root = os.path.join(tmp, "roots", host)
        os.makedirs(root)
        user = fleetlib.build_root(fx, root)
        os.makedirs(os.path.join(out, host))
        rep = os.path.join(out, host, "privmap.json")
        fleetlib.scan(root, user, rep)
        for b in check_report(rep, root):
            fail(f"{host}: {b}")
        with open(rep) as f:
            reports[host] = json.load(f)
        roots[host] = (root, user)
    return out, roots, reports


def test_graph(tmp, out, reports):
    # every scan gives its escalation graph: each host's paths to root in
    # the view are its report's paths_total, hosts of one worst severity
    # rank by their paths, and a report without a graph (an older
    # privmap, --no-graph) says "no graph" and counts none
    g = os.path.join(tmp, "g")
    shutil.copytree(out, g)
    reps = {h: json.loads(json.dumps(r)) for h, r in reports.items()}
    for h, r in reps.items():
        if not isinstance(r.get("graph"), dict):
            fail(f"graph: {h}'s scan gave no graph member")
            return
    bare = sorted(reps)[0]
    del reps[bare]["graph"]
    with open(os.path.join(g, bare, "privmap.json"), "w") as f:
        json.dump(reps[bare], f)
    view = view_of(g)
    if view is None:
        return
    check_view(view, reps, "graph")
    paths = {h: r["graph"]["paths_total"] for h, r in reps.items()
             if "graph" in r}
    worst = {h: max([fleetlib.SEVERITIES.index(f["severity"])
                     for f in r["findings"]] or [-1])
             for h, r in reps.items()}
    order = [h["name"] for h in view["hosts"]]
    for x, y in zip(order, order[1:]):
        if worst[x] == worst[y] and paths.get(x, -1) < paths.get(y, -1):
            fail(f"graph: {x} ({paths.get(x)} paths) ranks above {y} "
                 f"({paths.get(y)} paths) at the same worst severity")
    if view["summary"]["paths_to_root"] != sum(paths.values()) or \
            view["summary"]["without_graph"] != 1:
        fail(f"graph: summary {view['summary']}, paths {paths}")
    text = run(g).stdout.decode()
    if "no graph" not in text:
        fail("graph: the text does not say 'no graph' for " + bare)
    last = sorted(reps)[-1]
    rep = reps[last]
    rep["graph"]["paths_total"] = "many"
    with open(os.path.join(g, last, "privmap.json"), "w") as f:
        json.dump(rep, f)
    p = run(g, rc=2)
    if b"paths_total" not in p.stderr:
        fail("graph: a paths_total that is no count is not named")


def test_baseline(tmp, out, roots, reports):
    # the baseline: web1 and db1 before a fix in db1's tree
    b = os.path.join(tmp, "b")
    os.makedirs(b)
    for h in ("web1", "db1"):
        shutil.copytree(os.path.join(out, h), os.path.join(b, h))
    base = os.path.join(tmp, "base.json")
    run("-q", "--json", base, b)
    # the fix: db1's user leaves every supplementary group, so its
    # group-based findings go; then a rescan
    root, user = roots["db1"]
    grp = os.path.join(root, "etc", "group")
    with open(grp) as f:
        lines = [ln.rstrip("\n").split(":") for ln in f]
    with open(grp, "w") as f:
        for p in lines:
            members = [m for m in p[3].split(",") if m and m != user]
            f.write(":".join(p[:3] + [",".join(members)]) + "\n")
    now = os.path.join(tmp, "now")
    shutil.copytree(out, now)
    rep = os.path.join(now, "db1", "privmap.json")
    fleetlib.scan(root, user, rep)
    with open(rep) as f:
        db1 = json.load(f)
    old = {f["id"] for f in reports["db1"]["findings"]}
    cur = {f["id"] for f in db1["findings"]}
    if not old - cur:
        fail("baseline: leaving its groups fixed nothing in db1: the test "
             "cannot tell fixed findings")
    # and web1 gains a setuid-root find (GTFOBins: a shell as root)
    root, user = roots["web1"]
    os.makedirs(os.path.join(root, "usr", "local", "bin"), exist_ok=True)
    find = os.path.join(root, "usr", "local", "bin", "find")
    with open(find, "w") as f:
        f.write("#!/bin/sh\n")
    os.chown(find, 0, 0)
    os.chmod(find, 0o4755)
    rep = os.path.join(now, "web1", "privmap.json")
    fleetlib.scan(root, user, rep)
    with open(rep) as f:
        web1 = json.load(f)
    wold = {f["id"] for f in reports["web1"]["findings"]}
    wnew = {f["id"] for f in web1["findings"]} - wold
    if not wnew:
        fail("baseline: a setuid-root find gave web1 no new finding")
    view = view_of("--baseline", base, now)
    if view is None:
        return
    reps = dict(reports, db1=db1, web1=web1)
    check_view(view, reps, "baseline")
    bl = view.get("baseline", {})
    want_new = sorted(("ci1", f["id"]) for f in reports["ci1"]["findings"])
    want_new += sorted(("db1", i) for i in cur - old)
    want_new += sorted(("web1", i) for i in wnew)
    got_new = sorted((f["host"], f["id"]) for f in bl.get("new_findings", []))
    if got_new != sorted(want_new):
        fail(f"baseline: new findings {got_new}, expected {sorted(want_new)}")
    sev = [fleetlib.SEVERITIES.index(f["severity"])
           for f in bl.get("new_findings", [])]
    if sev != sorted(sev, reverse=True):
        fail("baseline: new findings not most severe first")
    if bl.get("new_hosts") != ["ci1"] or bl.get("gone_hosts") != []:
        fail(f"baseline: new hosts {bl.get('new_hosts')}, gone "
             f"{bl.get('gone_hosts')}")
    if bl.get("fixed_findings") != len(old - cur):
        fail(f"baseline: {bl.get('fixed_findings')} fixed, expected "
             f"{len(old - cur)}")
    for h in view["hosts"]:
        want = {"ci1": len(reports["ci1"]["findings"]),
                "db1": len(cur - old), "web1": len(wnew)}[h["name"]]
        if h.get("new_findings") != want or h.get("new") != (h["name"] == "ci1"):
            fail(f"baseline: host {h['name']} new {h.get('new')} "
                 f"new_findings {h.get('new_findings')}, expected {want}")
    old_kinds = {f["check"] for h in ("web1", "db1")
                 for f in reports[h]["findings"]}
    new_kinds = sorted({f["check"] for r in reps.values()
                        for f in r["findings"]} - old_kinds)
    if sorted(bl.get("new_kinds", [])) != new_kinds:
        fail(f"baseline: new kinds {bl.get('new_kinds')}, expected {new_kinds}")
    html = run("--format", "html", "--baseline", base, now).stdout.decode()
    if "New since" not in html:
        fail("baseline: the HTML has no 'New since' section")
    # a baseline out of contract
    bad = os.path.join(tmp, "bad-base.json")
    with open(bad, "w") as f:
        json.dump({"schema": "privmap.fleet/1", "hosts": [{"name": 1}],
                   "kinds": []}, f)
    p = run("--baseline", bad, now, rc=2)
    if b"hosts[0]" not in p.stderr:
        fail("a baseline whose host has no name is not refused by member")
    # a FIFO as baseline is refused, never opened (it would block)
    fifo = os.path.join(tmp, "base.fifo")
    os.mkfifo(fifo)
    p = run("--baseline", fifo, now, rc=2)
    if b"not a regular file" not in p.stderr:
        fail("a FIFO as baseline is not refused as such")


def test_hostile(tmp, out):
    h = os.path.join(tmp, "h")
    shutil.copytree(out, h)
    evil = "<b>x\x1b[2J\u202etxt.exe"
    os.rename(os.path.join(h, "ci1"), os.path.join(h, evil))
    html = run("--format", "html", h).stdout.decode()
    if "<b>x" in html or "&lt;b&gt;x" not in html:
        fail("html: a host name's markup is not escaped")
    if "\x1b" in html:
        fail("html: a control character reached the page")
    if "\u202e" in html or "\\u202e" not in html:
        fail("html: a bidi override reached the page unescaped")
    check_chromium(h, html, evil)
    low = html.lower()
    for bad in ("<script", "src=", "href=", "@import", "url("):
        if bad in low:
            fail(f"html: not self-contained ({bad})")
    text = run(h).stdout
    if b"\x1b" in text:
        fail("text: a control character of a host name reached the terminal")
    if "\u202e".encode() in text:
        fail("text: a bidi override of a host name reached the terminal")
    # not a report: refused as rules refuses it
    with open(os.path.join(h, "junk.json"), "w") as f:
        json.dump({"schema": "privmap.report/1", "findings": "no"}, f)
    p = run(h, rc=2)
    if b"junk.json" not in p.stderr or b"not a privmap report" not in p.stderr:
        fail(f"a report out of contract: {p.stderr!r}")
    os.unlink(os.path.join(h, "junk.json"))
    # a FIFO among the reports is passed over, never opened
    os.mkfifo(os.path.join(h, "pipe.json"))
    run(h)
    # one host twice
    shutil.copy(os.path.join(out, "web1", "privmap.json"),
                os.path.join(h, "web1.json"))
    p = run(h, rc=2)
    if b"named twice" not in p.stderr:
        fail("a host named twice is not refused")
    # files named one by one give the same view as their directory
    files = [os.path.join(out, x, "privmap.json") for x in fleetlib.HOSTS]
    a, b = view_of(*files), view_of(out)
    if a is not None and b is not None:
        for v in (a, b):
            for x in v["hosts"]:
                x.pop("report")
        if a != b:
            fail("files named one by one give another view than their DIR")


def check_chromium(h, html, evil):
    """Chromium renders the page: the hosts table has a row per host, the
    hostile name is text (no element made of it), the page's CSP lets
    nothing load and allows no script."""
    chromium = CHROMIUM[0]
    m = re.search(r'<meta http-equiv="Content-Security-Policy" '
                  r'content="([^"]*)">', html)
    if not m or "default-src 'none'" not in m.group(1) or \
            "script-src" in m.group(1):
        fail(f"html: the page's CSP is not default-src 'none' without "
             f"scripts: {m.group(1) if m else None!r}")
    page = os.path.join(h, "fleet.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(html)
    profile = tempfile.mkdtemp(prefix="privmap-chromium-")
    try:
        p = subprocess.run([chromium, "--headless", "--disable-gpu",
                            "--no-sandbox", "--user-data-dir=" + profile,
                            "--no-first-run", "--disable-extensions",
                            "--dump-dom", "file://" + page],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=dict(os.environ, HOME=profile), timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    dom = p.stdout.decode(errors="replace")
    if p.returncode != 0 or "<body" not in dom:
        fail(f"chromium --dump-dom exited {p.returncode}: "
             f"{p.stderr.decode(errors='replace')[-300:]}")
        return
    hosts = re.search(r'<table id="hosts">(.*?)</table>', dom, re.S)
    rows = hosts.group(1).count("<tr>") if hosts else 0
    if rows != 4:
        fail(f"chromium: the hosts table has {rows} rows, not a header "
             f"and 3 hosts")
    if "<b>x" in dom or "&lt;b&gt;x" not in dom:
        fail("chromium: the hostile host name made an element")
    for tag in ("<b>", "<script", "<img", "<link"):
        if tag in dom:
            fail(f"chromium: the rendered page holds {tag}")
    print(f"chromium: the fleet page rendered, {rows - 1} host rows, the "
          f"hostile name as text")


def cpu(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([PRIVMAP, "fleet", "-q", "--format", "json"] + args,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        fail(f"linear: exit {p.returncode}: {p.stderr.decode()[:200]}")
        return 0.0, 0
    n = len(json.loads(p.stdout)["hosts"])
    return (after.ru_utime - before.ru_utime +
            after.ru_stime - before.ru_stime), n


def test_linear(tmp, out):
    src = os.path.join(out, "web1", "privmap.json")
    d = {}
    n = 400
    for k in (n, 4 * n):
        d[k] = os.path.join(tmp, f"lin{k}")
        os.makedirs(d[k])
        for i in range(k):
            os.link(src, os.path.join(d[k], f"h{i:05d}.json"))
    small = min(cpu([d[n]])[0] for _ in range(2))
    big, hosts = cpu([d[4 * n]])
    if hosts != 4 * n:
        fail(f"linear: {hosts} hosts in the view of {4 * n} reports")
    ratio = big / small if small > 0 else 0.0
    print(f"linear: {n} reports {small:.3f}s, {4 * n} {big:.3f}s, "
          f"ratio {ratio:.1f}")
    if small > 0 and ratio >= 8.0:
        fail(f"linear: 4x the reports took {ratio:.1f}x the time")


def main():
    if os.geteuid() != 0:
        print("SKIP fleet.py: building the trees needs root (owners, "
              "setuid bits)")
        return 77
    CHROMIUM.append(need("PRIVMAP_CHROMIUM", "Chromium (Debian package "
                         "chromium)", "chromium"))
    tmp = tempfile.mkdtemp(prefix="privmap-fleet-")
    try:
        out, roots, reports = build(tmp)
        view = view_of(out)
        if view is not None:
            check_view(view, reports, "three hosts")
            print(f"three hosts: {len(view['kinds'])} kinds, ranks "
                  f"{[(h['name'], h['worst']) for h in view['hosts']]}")
        test_graph(tmp, out, reports)
        test_baseline(tmp, out, roots, reports)
        test_hostile(tmp, out)
        test_linear(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"FAIL fleet.py: {len(failures)} failures")
        return 1
    print("PASS fleet.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
