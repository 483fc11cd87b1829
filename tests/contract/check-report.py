#!/usr/bin/env python3
"""check-report.py [--root DIR] [--schema FILE] [--strict] [-q] REPORT.json...

Checks privmap JSON reports against the project's own contract: the JSON
Schema docs/report.schema.json (draft 2020-12, with python3-jsonschema)
and the rules of docs/report.md that a schema cannot say:

  - summary.findings and summary.by_severity count the findings list,
    and summary.score is the highest finding score (0.0 with none);
  - ids are unique;
  - every score lies in its severity's band (the schema says it too);
  - finding paths are absolute in normal form (no empty, . or ..
    component), or tcp://HOST:PORT; target.root is / for a host and an
    absolute path in normal form for a rootfs;
  - audit_data paths and anchors are normalised, and an anchor is a
    directory above the path's parent (above the path itself for a
    "dir" watch);
  - with --root DIR (the directory given to privmap scan --root), no
    string of the report but target.root names DIR: paths are inside the
    target, never prefixed with where it sits on the scanning machine;
  - a gate member agrees with the findings' own gate states;
  - a graph member holds together: its edges join its nodes and name a
    finding of the report or of the graph, each path is a chain of
    edges from the start to root, the cut names edges' findings and
    leaves no path from the start to root;
  - with --strict (what the project's tests use): no member the schema
    does not name, evidence aside. A reader must ignore members it does
    not know, but privmap must not write one its contract does not
    document: a new member goes into docs/report.md and the schema first.

Prints each violation, then a count. Exit status: 0 every report meets
the contract, 1 a violation, 2 a usage error, a file that is not JSON,
an unreadable schema, or python3-jsonschema missing (never a pass).

The schema is found beside this file (../../docs/report.schema.json) or
under $TOP_SRCDIR/docs; --schema names another. Tests import nothing
from here: they run it (tests/e2e/contract.py, contract.sh).
"""
import json
import math
import os
import sys

SEVERITIES = ["critical", "high", "medium", "low", "info"]
# the score bands of docs/report.md ("Severity and score")
BANDS = {"critical": (9.0, 10.0), "high": (7.0, 8.9), "medium": (4.0, 6.9),
         "low": (0.1, 3.9), "info": (0.0, 0.0)}
HERE = os.path.dirname(os.path.abspath(__file__))


def schema_path():
    """docs/report.schema.json of this source tree."""
    cands = [os.path.join(HERE, "..", "..", "docs", "report.schema.json")]
    top = os.environ.get("TOP_SRCDIR")
    if top:
        cands.insert(0, os.path.join(top, "docs", "report.schema.json"))
    for c in cands:
        if os.path.isfile(c):
            return os.path.normpath(c)
    return os.path.normpath(cands[-1])


def load_validator(path):
    """A Draft202012Validator for the schema, or raise SystemExit(2)."""
    try:
        import jsonschema
        from jsonschema import Draft202012Validator
    except ImportError as e:
        print(f"check-report: python3-jsonschema is needed ({e}); "
              "apt-get install python3-jsonschema")
        raise SystemExit(2)
    try:
        with open(path, encoding="utf-8") as fh:
            schema = json.load(fh)
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"check-report: schema {path}: {e}")
        raise SystemExit(2)
    return Draft202012Validator(schema)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def strings_outside_root(rep):
    """(where, text) for every string of the report but target.root."""
    def walk(v, where):
        if isinstance(v, str):
            yield where, v
        elif isinstance(v, dict):
            for k, x in v.items():
                if where == "target" and k == "root":
                    continue
                yield from walk(x, f"{where}.{k}" if where else k)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                yield from walk(x, f"{where}[{i}]")
    yield from walk(rep, "")


def names_root(text, roots):
    for r in roots:
        i = text.find(r)
        while i != -1:
            end = i + len(r)
            if end == len(text) or text[end] == "/":
                return True
            i = text.find(r, i + 1)
    return False


def semantic(rep, root=None):
    """The contract's rules beyond the schema: a list of violations."""
    bad = []
    if not isinstance(rep, dict):
        return ["the report is not a JSON object"]
    F = rep.get("findings")
    F = F if isinstance(F, list) else []
    ids = {}
    counts = {s: 0 for s in SEVERITIES}
    top = 0.0
    for i, f in enumerate(F):
        if not isinstance(f, dict):
            continue
        w = f"findings[{i}] ({f.get('check')} {f.get('path')!r})"
        sev, sc = f.get("severity"), f.get("score")
        if sev in BANDS:
            counts[sev] += 1
            lo, hi = BANDS[sev]
            if not is_num(sc) or math.isnan(sc) or not lo <= sc <= hi:
                bad.append(f"{w}: score {sc!r} is outside {sev}'s band "
                           f"{lo}-{hi}")
        if is_num(sc) and sc > top:
            top = sc
        fid = f.get("id")
        if fid in ids:
            bad.append(f"{w}: id {fid!r} is also findings[{ids[fid]}]'s")
        elif isinstance(fid, str):
            ids[fid] = i
        p = f.get("path")
        if not isinstance(p, str) or not (p.startswith("/") or
                                          p.startswith("tcp://")):
            bad.append(f"{w}: path is neither absolute nor tcp://")
        elif p.startswith("/") and p != "/" and not normal(p):
            bad.append(f"{w}: path is not in normal form")
        ad = f.get("audit_data")
        for j, e in enumerate(ad if isinstance(ad, list) else []):
            bad += [f"{w}: audit_data[{j}]{x}" for x in audit_entry_rules(e)]
    t = rep.get("target")
    if isinstance(t, dict) and isinstance(t.get("root"), str):
        if t.get("kind") == "host" and t["root"] != "/":
            bad.append(f"target.root of a host report is {t['root']!r}, "
                       "not /")
        if t.get("kind") == "rootfs" and t["root"] != "/" and \
                not normal(t["root"]):
            bad.append(f"target.root {t['root']!r} of a rootfs report is "
                       "not an absolute path in normal form")
    s = rep.get("summary")
    if isinstance(s, dict):
        if s.get("findings") != len(F):
            bad.append(f"summary.findings is {s.get('findings')!r}, the "
                       f"report lists {len(F)}")
        bs = s.get("by_severity")
        bs = bs if isinstance(bs, dict) else {}
        for k in SEVERITIES:
            if bs.get(k) != counts[k]:
                bad.append(f"summary.by_severity.{k} is {bs.get(k)!r}, "
                           f"counted {counts[k]}")
        if not is_num(s.get("score")) or abs(s["score"] - top) > 1e-9:
            bad.append(f"summary.score is {s.get('score')!r}, the highest "
                       f"finding score is {top}")
    E = rep.get("errors")
    for i, e in enumerate(E if isinstance(E, list) else []):
        if not (isinstance(e, dict) and isinstance(e.get("path"), str) and
                isinstance(e.get("error"), str)):
            bad.append(f"errors[{i}] needs a path and an error string")
    bad += gate_rules(rep.get("gate"), F, ids)
    bad += graph_rules(rep.get("graph"), ids)
    # --root / is the host's own root: every path names it, none is wrong
    if root and root.rstrip("/"):
        r = root.rstrip("/")
        roots = {r, os.path.realpath(r).rstrip("/")} - {""}
        for where, text in strings_outside_root(rep):
            if names_root(text, roots):
                bad.append(f"{where} names the scanned directory {r}: "
                           f"{text[:120]!r}")
    return bad


def normal(p):
    """An absolute path with no empty, . or .. component, not ending in
    a slash (what privmap writes and auditctl reads back as written)."""
    return isinstance(p, str) and p.startswith("/") and p != "/" and \
        all(c not in ("", ".", "..") for c in p[1:].split("/"))


def audit_entry_rules(e):
    """What the schema cannot say of one audit_data entry."""
    if not isinstance(e, dict) or e.get("kind") == "syscall":
        return []
    bad = []
    p, a = e.get("path"), e.get("anchor")
    if isinstance(p, str) and not normal(p):
        bad.append(f".path {p!r} is not a normalised absolute path")
    if isinstance(a, str) and isinstance(p, str):
        # the directory the kernel needs: the path's parent, or the
        # path itself for a "dir" watch; the anchor is above it
        need = p if e.get("kind") == "dir" else p.rsplit("/", 1)[0]
        if not normal(a) or not need.startswith(a + "/"):
            bad.append(f".anchor {a!r} is not a directory above {need!r}")
    return bad


def gate_rules(g, F, ids):
    """A gate member must say what the findings' own gate states say."""
    bad = []
    if g is None:
        for i, f in enumerate(F):
            if isinstance(f, dict) and "gate" in f:
                bad.append(f"findings[{i}] has a gate state but the report "
                           "has no gate member")
        return bad
    if not isinstance(g, dict):
        return bad      # the schema says what is wrong
    state = {f.get("id"): f.get("gate") for f in F if isinstance(f, dict)}
    lists = {"new": None, "baselined": "baselined"}
    for key, want in lists.items():
        for x in g.get(key) or []:
            if x not in ids:
                bad.append(f"gate.{key} names {x!r}, not a finding")
            elif state.get(x) != want:
                bad.append(f"gate.{key} names {x!r}, whose gate state is "
                           f"{state.get(x)!r}")
    for x in g.get("ignored") or []:
        fid = x.get("finding") if isinstance(x, dict) else None
        if fid not in ids:
            bad.append(f"gate.ignored names {fid!r}, not a finding")
        elif state.get(fid) != "ignored":
            bad.append(f"gate.ignored names {fid!r}, whose gate state is "
                       f"{state.get(fid)!r}")
    listed = len(g.get("new") or []) + len(g.get("baselined") or []) + \
        len(g.get("ignored") or [])
    if listed != len(F):
        bad.append(f"gate lists {listed} findings as new, baselined or "
                   f"ignored; the report has {len(F)}")
    fail_on = g.get("fail_on")
    if fail_on in SEVERITIES and isinstance(g.get("counted"), int):
        bar = SEVERITIES.index(fail_on)
        n = sum(1 for f in F if isinstance(f, dict) and
                f.get("id") in set(g.get("new") or []) and
                f.get("severity") in SEVERITIES and
                SEVERITIES.index(f["severity"]) <= bar)
        if n != g["counted"]:
            bad.append(f"gate.counted is {g['counted']}, but {n} new "
                       f"findings are at or above {fail_on}")
    elif fail_on == "none" and g.get("counted") not in (0, None):
        bad.append("gate.counted must be 0 with fail_on none")
    if isinstance(g.get("counted"), int) and \
            g.get("failed") is not (g["counted"] > 0):
        bad.append(f"gate.failed is {g.get('failed')!r} with counted "
                   f"{g['counted']}")
    return bad


def graph_rules(g, ids):
    """What the schema cannot say of the escalation graph."""
    if not isinstance(g, dict):
        return []
    bad = []
    nodes = {n.get("id") for n in g.get("nodes") or [] if isinstance(n, dict)}
    fids = set(ids) | {f.get("id") for f in g.get("findings") or []
                       if isinstance(f, dict)}
    if g.get("start") not in nodes:
        bad.append("graph.start is not one of graph.nodes")
    edges = set()
    for i, e in enumerate(g.get("edges") or []):
        if not isinstance(e, dict):
            continue
        if e.get("from") not in nodes or e.get("to") not in nodes:
            bad.append(f"graph.edges[{i}] joins a node graph.nodes lacks")
        if e.get("finding") not in fids:
            bad.append(f"graph.edges[{i}].finding {e.get('finding')!r} is "
                       "no finding of the report or the graph")
        edges.add((e.get("from"), e.get("to"), e.get("finding")))
    for i, p in enumerate(g.get("paths") or []):
        at = g.get("start")
        hops = p.get("hops") if isinstance(p, dict) else None
        for h in hops or []:
            if not isinstance(h, dict) or h.get("from") != at or \
                    (h.get("from"), h.get("to"), h.get("finding")) not in edges:
                bad.append(f"graph.paths[{i}] is not a chain of edges from "
                           "the start")
                break
            at = h.get("to")
        else:
            if at != "root":
                bad.append(f"graph.paths[{i}] does not end at root")
    cut = g.get("cut")
    if isinstance(cut, dict) and isinstance(cut.get("findings"), list):
        closed = set(cut["findings"])
        if not closed <= {e[2] for e in edges}:
            bad.append("graph.cut names a finding that is no edge")
        # with the cut closed, no path from the start reaches root
        seen, todo = {g.get("start")}, [g.get("start")]
        while todo:
            n = todo.pop()
            for a, b, f in edges:
                if a == n and f not in closed and b not in seen:
                    seen.add(b)
                    todo.append(b)
        if g.get("paths") and "root" in seen:
            bad.append("graph.cut leaves a path from the start to root")
    return bad


def resolve(schema, node):
    """node with its local $ref followed (#/$defs/NAME only)."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return node
        target = schema
        for part in ref[2:].split("/"):
            target = target.get(part, {})
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = dict(target, **extra) if extra else target
        seen += 1
    return node


def members_of(schema, node):
    """The member names an object schema names, its allOf included; None
    when it names none (an object left free, as evidence is)."""
    node = resolve(schema, node)
    if not isinstance(node, dict):
        return None
    names = dict(node.get("properties") or {})
    for sub in node.get("allOf") or []:
        sub = resolve(schema, sub)
        names.update((sub.get("properties") or {}) if isinstance(sub, dict)
                     else {})
    return names or None


def undocumented(schema, node, value, where="$"):
    """Members of value that its schema node does not name."""
    node = resolve(schema, node)
    bad = []
    if isinstance(value, dict):
        names = members_of(schema, node)
        if names is None:
            return bad
        for k, v in value.items():
            if k not in names:
                bad.append(f"{where}.{k}: a member docs/report.schema.json "
                           "does not name (document it in docs/report.md "
                           "and the schema)")
            else:
                bad += undocumented(schema, names[k], v, f"{where}.{k}")
    elif isinstance(value, list) and isinstance(node, dict) and \
            "items" in node:
        for i, v in enumerate(value):
            bad += undocumented(schema, node["items"], v, f"{where}[{i}]")
    return bad


def check(rep, validator, root=None, strict=False):
    """Every violation of one parsed report: schema first, then rules."""
    bad = []
    for e in sorted(validator.iter_errors(rep), key=lambda e: e.json_path):
        bad.append(f"schema: {e.json_path}: {e.message[:300]}")
    if strict:
        bad += undocumented(validator.schema, validator.schema, rep)
    return bad + semantic(rep, root)


def main(argv):
    root = None
    schema = None
    quiet = False
    strict = False
    files = []
    it = iter(argv)
    for a in it:
        if a in ("--root", "--schema"):
            v = next(it, None)
            if v is None:
                print(f"check-report: {a} needs a value")
                return 2
            if a == "--root":
                root = v
            else:
                schema = v
        elif a == "-q":
            quiet = True
        elif a == "--strict":
            strict = True
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        elif a.startswith("-") and a != "-":
            print(f"check-report: unknown option {a}")
            return 2
        else:
            files.append(a)
    if not files:
        print(__doc__.strip())
        return 2
    validator = load_validator(schema or schema_path())
    total = 0
    for path in files:
        try:
            if path == "-":
                rep = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as fh:
                    rep = json.load(fh)
        except (OSError, ValueError) as e:
            print(f"check-report: {path}: {e}")
            return 2
        bad = check(rep, validator, root, strict)
        for b in bad:
            print(f"{path}: {b}")
        total += len(bad)
        if not quiet and not bad:
            n = len(rep.get("findings", []))
            print(f"{path}: meets privmap.report/1 ({n} findings)")
    if total:
        print(f"{total} contract violation(s)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
