"""fleetlib.py: what the fleet tests share (tests/e2e/fleet.py, ansible.sh
through ansible-hosts.py, tests/bench/fleet.py): root filesystems built
from fixtures (run-fixture.py's own builder, so they are the trees the
fixture tests hold to their expectations), the fleet view's JSON checked
against docs/fleet.schema.json, and the view's counts worked out again in
Python from the reports themselves.
"""
import importlib.util
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR") or os.path.join(HERE, "..", "..")
PRIVMAP = os.environ.get("PRIVMAP", "privmap")
SEVERITIES = ["info", "low", "medium", "high", "critical"]

# the hosts of the fleet tests: a fixture each, with different findings
HOSTS = {
    "web1": "group-membership.fix",
    "db1": "sudo-group.fix",
    "ci1": "shell-rc.fix",
}


def _runfixture():
    spec = importlib.util.spec_from_file_location(
        "run_fixture", os.path.join(HERE, "run-fixture.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def build_root(fixture, root):
    """Build fixtures/FIXTURE under root (an empty directory); the user
    the fixture scans as."""
    rf = _runfixture()
    fx = rf.parse(os.path.join(TOP, "fixtures", fixture))
    rf.build(fx, root)
    return fx["user"]


def scan(root, user, out, *extra):
    """privmap scan --root root --user user --format json -o out."""
    p = subprocess.run([PRIVMAP, "scan", "--root", root, "--user", user,
                        "--format", "json", "-o", out, "-q"] + list(extra),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=300)
    if p.returncode == 2:
        raise RuntimeError(f"privmap scan exited 2: {p.stderr.strip()}")
    return p.returncode


def schema_errors(view):
    """The fleet view against docs/fleet.schema.json: a list of lines."""
    try:
        import jsonschema
    except ImportError:
        return ["python3-jsonschema is missing: the view cannot be checked"]
    with open(os.path.join(TOP, "docs", "fleet.schema.json")) as f:
        schema = json.load(f)
    v = jsonschema.Draft202012Validator(schema)
    return [f"fleet.schema.json: {'/'.join(map(str, e.path))}: {e.message}"
            for e in v.iter_errors(view)]


def expected(reports):
    """What the view must say of reports ({host: report dict}): per kind,
    its hosts and findings; per host, its worst severity and count."""
    kinds, hosts = {}, {}
    for name, rep in reports.items():
        worst = -1
        for f in rep["findings"]:
            k = kinds.setdefault(f["check"], {"hosts": set(), "findings": 0,
                                              "worst": 0})
            k["hosts"].add(name)
            k["findings"] += 1
            s = SEVERITIES.index(f["severity"])
            k["worst"] = max(k["worst"], s)
            worst = max(worst, s)
        g = rep.get("graph")
        hosts[name] = {
            "worst": SEVERITIES[worst] if worst >= 0 else None,
            "findings": len(rep["findings"]),
            "ids": sorted(f["id"] for f in rep["findings"]),
            "paths": g["paths_total"] if isinstance(g, dict) else None,
        }
    return kinds, hosts


def compare(view, reports):
    """The view's counts against expected(reports): a list of lines."""
    bad = []
    kinds, hosts = expected(reports)
    if view["summary"]["hosts"] != len(reports):
        bad.append(f"summary.hosts {view['summary']['hosts']}, "
                   f"expected {len(reports)}")
    got_k = {k["check"]: k for k in view["kinds"]}
    if set(got_k) != set(kinds):
        bad.append(f"kinds {sorted(got_k)}, expected {sorted(kinds)}")
    for c, k in kinds.items():
        g = got_k.get(c)
        if g is None:
            continue
        if set(g["host_names"]) != k["hosts"] or g["hosts"] != len(k["hosts"]):
            bad.append(f"kind {c}: hosts {g['host_names']}, expected "
                       f"{sorted(k['hosts'])}")
        if g["findings"] != k["findings"]:
            bad.append(f"kind {c}: {g['findings']} findings, expected "
                       f"{k['findings']}")
        if g["worst"] != SEVERITIES[k["worst"]]:
            bad.append(f"kind {c}: worst {g['worst']}, expected "
                       f"{SEVERITIES[k['worst']]}")
    got_h = {h["name"]: h for h in view["hosts"]}
    for n, h in hosts.items():
        g = got_h.get(n)
        if g is None:
            bad.append(f"host {n} missing")
            continue
        for key, want in (("worst", h["worst"]), ("findings", h["findings"]),
                          ("ids", h["ids"]), ("paths_to_root", h["paths"])):
            if g[key] != want:
                bad.append(f"host {n}: {key} {g[key]!r}, expected {want!r}")
    # ranked: worst severity never rises down the list
    ranks = [SEVERITIES.index(h["worst"]) if h["worst"] else -1
             for h in view["hosts"]]
    if ranks != sorted(ranks, reverse=True):
        bad.append(f"hosts not ranked by worst finding: {ranks}")
    return bad
