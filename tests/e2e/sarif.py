#!/usr/bin/env python3
"""sarif.py: privmap's SARIF read by the programs that consume it.

Scans fixture trees (sudo and systemd rules with lines, cron jobs, set-id
programs of every severity, services opened by configuration files) and
the unit tests' sample report (a tcp:// service), then a baseline
scenario: a saved JSON report, one finding fixed, one made, one rated
differently. Every SARIF log must

  - validate against the official SARIF 2.1.0 JSON schema
    ($PRIVMAP_SARIF_SCHEMA, python3-jsonschema);
  - give no error from Microsoft's SARIF Multitool
    (`$PRIVMAP_SARIF_MULTITOOL validate --rule-kind "Sarif;Ghas"`: the
    SARIF rules and GitHub Advanced Security's ingestion rules);
  - have no artifactLocation URI with a scheme other than file:, a
    logicalLocation for each network service, a rule for each result
    whose severity, level and security-severity band are the result's,
    baselineState on all results or none, absent results for the fixed
    findings, region.startLine where the finding names a line.

Each JSON report a scan gives here must meet the report contract
(tests/contract/check-report.py). The checks are proved able to fail: logs broken on purpose (a schema
violation, a rule without help, a tcp: URI, a rule's severity that is not
its result's, baselineState on some results only) must be refused by the
tool or the assertion that guards against them.

Exit: 0 pass, 1 fail, 77 skip (not root: fixtures need owners and set-id
bits; or a consumer missing on a developer's machine, never under CI).
"""
import copy
import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import need, need_module  # noqa: E402
from contract import check_doc  # noqa: E402
import imagelib as il  # noqa: E402

TOP_SRCDIR = os.environ.get("TOP_SRCDIR", ".")
TOP_BUILDDIR = os.environ.get("TOP_BUILDDIR", ".")
PRIVMAP = os.environ.get("PRIVMAP", os.path.join(TOP_BUILDDIR, "privmap"))
FIXTURES = ["sudo.fix", "cron.fix", "systemd.fix", "setuid.fix",
            "localhost-service-config.fix", "kernel-config.fix",
            "writable-path.fix"]
# GitHub's bands for security-severity ("SARIF support for code
# scanning"): critical 9.0 and over, high 7.0-8.9, medium 4.0-6.9,
# low 0.1-3.9; info rules carry none
BANDS = {"critical": (9.0, 10.0), "high": (7.0, 8.9), "medium": (4.0, 6.9),
         "low": (0.1, 3.9)}
LEVELS = {"critical": "error", "high": "error", "medium": "warning",
          "low": "note", "info": "note"}

fails = 0


def no(msg):
    global fails
    print("FAIL:", msg)
    fails += 1


def need_file(var, what):
    """need() for a data file (need() wants a program): the path in var,
    or a skip on a developer's machine and a failure under CI=true."""
    path = os.environ.get(var)
    if path and os.path.isfile(path):
        return path
    verdict = "FAIL" if os.environ.get("CI") == "true" else "SKIP"
    print(f"{verdict}: {what} is missing (${var} unset); tools/setup.sh "
          "installs it", file=sys.stderr)
    sys.exit(1 if verdict == "FAIL" else 77)


def load_fixture_module():
    spec = importlib.util.spec_from_file_location(
        "run_fixture", os.path.join(TOP_SRCDIR, "tests", "e2e",
                                    "run-fixture.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---- the assertions (each returns a list of problems) --------------------

def walk(o, key):
    """Every value of `key` anywhere in o."""
    if isinstance(o, dict):
        for k, v in o.items():
            if k == key:
                yield v
            yield from walk(v, key)
    elif isinstance(o, list):
        for v in o:
            yield from walk(v, key)


def check_uris(log):
    bad = []
    for art in walk(log, "artifactLocation"):
        u = art.get("uri", "")
        if ":" in u.split("/", 1)[0]:
            s = u.split(":", 1)[0].lower()
            if s != "file":
                bad.append("artifactLocation uri %r has scheme %s:" % (u, s))
    for run in log["runs"]:
        for name, base in run.get("originalUriBaseIds", {}).items():
            u = base.get("uri")
            if u is not None and not u.startswith("file:///"):
                bad.append("uriBaseId %s is %r, not a file: URI" % (name, u))
    return bad


def band_of(score):
    """The severity GitHub gives a security-severity; info for none."""
    if score is None:
        return "info"
    v = float(score)
    for name, (lo, hi) in BANDS.items():
        if lo <= v <= hi + 0.05:
            return name
    return "info" if v == 0.0 else "out of range"


def check_rules(log):
    bad = []
    for run in log["runs"]:
        rules = run["tool"]["driver"].get("rules", [])
        seen = set()
        for r in rules:
            if r["id"] in seen:
                bad.append("rule %s twice" % r["id"])
            seen.add(r["id"])
            for k in ("shortDescription", "fullDescription", "help"):
                if not r.get(k, {}).get("text"):
                    bad.append("rule %s has no %s" % (r["id"], k))
            hu = r.get("helpUri", "")
            if "://" not in hu:
                bad.append("rule %s helpUri %r is not absolute" %
                           (r["id"], hu))
            if r.get("name") == r["id"]:
                bad.append("rule %s: name equals id" % r["id"])
        for res in run.get("results", []):
            rule = rules[res["ruleIndex"]]
            if rule["id"] != res["ruleId"]:
                bad.append("ruleIndex/ruleId disagree: %s" % res["ruleId"])
                continue
            rp = rule.get("properties", {})
            rs = rp.get("security-severity")
            # the severity GitHub shows for every result of the rule
            shown = band_of(rs)
            sev = rp.get("severity", shown)
            if sev != shown:
                bad.append("rule %s: security-severity %r is not %s" %
                           (rule["id"], rs, sev))
            if res.get("kind", "fail") != "fail":
                if res.get("level") != "none":
                    bad.append("a %s result with level %r" %
                               (res.get("kind"), res.get("level")))
                continue
            p = res.get("properties", {})
            if p.get("severity") != sev or p.get("severity") != shown:
                bad.append("result %s is %s under rule %s (%s)" %
                           (p.get("id"), p.get("severity"), rule["id"], sev))
            if res.get("level") != LEVELS.get(sev) or \
                    rule.get("defaultConfiguration", {}).get("level") != \
                    res.get("level"):
                bad.append("result %s: level %r, rule %r, severity %s" %
                           (p.get("id"), res.get("level"),
                            rule.get("defaultConfiguration"), sev))
            rem = p.get("remediation")
            if rem and rem not in res.get("message", {}).get("text", ""):
                bad.append("result %s: its remediation is not in its "
                           "message" % p.get("id"))
            if rem and rem == rule.get("help", {}).get("text"):
                bad.append("rule %s: its help is one finding's "
                           "remediation" % rule["id"])
            own = p.get("security-severity")
            if sev in BANDS and own is not None and \
                    not BANDS[sev][0] <= float(own) <= BANDS[sev][1]:
                bad.append("result %s: score %s outside its rule's band" %
                           (p.get("id"), own))
            if not res.get("locations") or not all(
                    "physicalLocation" in loc for loc in res["locations"]):
                bad.append("result %s without a physical location" %
                           p.get("id"))
    return bad


def doc_anchors():
    """GitHub's anchors for the headings of docs/sarif.md."""
    out = set()
    with open(os.path.join(TOP_SRCDIR, "docs", "sarif.md")) as f:
        for line in f:
            if line.startswith("#"):
                t = line.lstrip("#").strip().lower()
                t = "".join(c for c in t if c.isalnum() or c in " -_")
                out.add(t.replace(" ", "-"))
    return out


def check_help(log, anchors):
    bad = []
    for r in log["runs"][0]["tool"]["driver"].get("rules", []):
        hu = r.get("helpUri", "")
        if not hu.split("#")[0].endswith("/sarif.md") or \
                hu.split("#", 1)[-1] not in anchors:
            bad.append("rule %s: helpUri %r is no heading of "
                       "docs/sarif.md" % (r["id"], hu))
    return bad


def check_states(log):
    bad = []
    for run in log["runs"]:
        res = run.get("results", [])
        n = sum(1 for r in res if "baselineState" in r)
        if n not in (0, len(res)):
            bad.append("baselineState on %d of %d results" % (n, len(res)))
    return bad


def check_services(log):
    """tcp:// services: a logicalLocation, and a file as physical one."""
    bad, n = [], 0
    for res in log["runs"][0]["results"]:
        for loc in res.get("locations", []):
            for ll in loc.get("logicalLocations", []):
                fq = ll.get("fullyQualifiedName", "")
                if fq.startswith("tcp://"):
                    n += 1
                    if ll.get("name") != fq[6:] or \
                            ll.get("kind") != "resource":
                        bad.append("logicalLocation %r" % ll)
    return bad, n


def check_lines(log):
    """A finding with a line has it as a region, here or related."""
    bad, n = [], 0
    for res in log["runs"][0]["results"]:
        ev = res.get("properties", {}).get("evidence", {})
        for lkey, fkeys in (("line", ("file", "crontab", "dropin")),
                            ("config_line", ("config_file",))):
            line = ev.get(lkey)
            if not isinstance(line, int) or line < 1:
                continue
            f = next((ev[k] for k in fkeys if ev.get(k)), None)
            want = (f or "").lstrip("/")
            locs = res.get("locations", []) + \
                res.get("relatedLocations", [])
            ok = False
            for loc in locs:
                ph = loc.get("physicalLocation", {})
                if ph.get("region", {}).get("startLine") == line and \
                        (f is None or ph.get("artifactLocation", {}).get(
                            "uri") == want):
                    ok = True
            n += 1
            if not ok:
                bad.append("result %s: %s %d of %s has no region" %
                           (res["properties"].get("id"), lkey, line, f))
    return bad, n


def schema_errors(validator, log):
    return ["schema: %s at %s" % (e.message[:200], list(e.absolute_path))
            for e in validator.iter_errors(log)]


# ---- the Multitool --------------------------------------------------------

def multitool_cmd(tool, args):
    """The npm wrapper (bin.js) hands its arguments to a shell: quote them
    for it; a native binary takes them as they are."""
    with open(tool, "rb") as f:
        head = f.read(64)
    if head.startswith(b"#!") and b"node" in head:
        return [tool] + [shlex.quote(a) for a in args]
    return [tool] + args


def multitool(tool, path, tmp):
    """The error-level results of `validate --rule-kind Sarif;Ghas` on
    path, and every result's rule id; None if the tool did not run."""
    out = os.path.join(tmp, "mt-%d.sarif" % multitool.n)
    multitool.n += 1
    p = subprocess.run(multitool_cmd(tool, [
        "validate", "--rule-kind", "Sarif;Ghas", "-o", out, path]),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        timeout=300)
    if p.returncode != 0 or not os.path.exists(out):
        print(p.stdout[-2000:])
        return None
    with open(out) as f:
        log = json.load(f)
    res = log["runs"][0].get("results", [])
    errors = ["%s: %s" % (r["ruleId"], json.dumps(r.get("message"))[:300])
              for r in res if r.get("level", "warning") == "error"]
    return errors, sorted({r["ruleId"] for r in res})


multitool.n = 0


# ---- producing the logs ---------------------------------------------------

def scan(root, fx, *extra):
    argv = [PRIVMAP, "scan", "--root", root, "--user", fx["user"], "-q",
            "--fail-on", "none"] + fx["args"] + list(extra)
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(argv),
                                                p.returncode, p.stderr))
    # a JSON report meets the report contract (docs/report.md)
    if ("--format", "json") in zip(extra, extra[1:]):
        for b in check_doc(p.stdout, os.path.dirname(root), root):
            no("the report of %s: %s" % (root, b))
    return json.loads(p.stdout)


def main():
    jsonschema = need_module("jsonschema", "python3-jsonschema")
    schema_path = need_file("PRIVMAP_SARIF_SCHEMA",
                            "the SARIF 2.1.0 schema")
    tool = need("PRIVMAP_SARIF_MULTITOOL", "the SARIF Multitool")
    if os.geteuid() != 0:
        print("SKIP: building fixtures needs root (owners, set-id bits)")
        return 77
    with open(schema_path) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    rf = load_fixture_module()
    tmp = tempfile.mkdtemp(prefix="privmap-sarif-")
    logs = {}
    try:
        for name in FIXTURES:
            fx = rf.parse(os.path.join(TOP_SRCDIR, "fixtures", name))
            root = os.path.join(tmp, name + ".d")
            os.mkdir(root)
            rf.build(fx, root)
            logs[name] = scan(root, fx, "--format", "sarif")
            if name == "sudo.fix":
                sudo_fx, sudo_root = fx, root
        # an image: root by default, a setuid GTFOBins find; its root has
        # no file: URI
        img = il.Image([(il.Layer().dir("etc")
                         .file("etc/passwd", "root:x:0:0::/root:/bin/sh\n")
                         .file("etc/group", "root:x:0:\n").dir("usr/bin")
                         .file("usr/bin/find", b"\x7fELF find",
                               mode=0o4755), "gzip")], config={})
        il.write_tar(img.docker_members(), os.path.join(tmp, "img.tar"))
        p = subprocess.run([PRIVMAP, "scan", "-q", "--fail-on", "none",
                            "--image", os.path.join(tmp, "img.tar"),
                            "--format", "sarif"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=300)
        if p.returncode != 0:
            no("image scan: exit %d: %s" % (p.returncode, p.stderr))
        else:
            logs["image"] = json.loads(p.stdout)
            if "uri" in logs["image"]["runs"][0]["originalUriBaseIds"][
                    "TARGETROOT"] or not logs["image"]["runs"][0]["results"]:
                no("image: a base URI, or no results")
        # the sample report's tcp://127.0.0.1:2375, as output-test writes it
        p = subprocess.run([os.path.join(TOP_BUILDDIR, "tests", "unit",
                                         "output-test"), "--emit", "sarif"],
                           stdout=subprocess.PIPE, check=True, text=True)
        logs["sample"] = json.loads(p.stdout)

        # a baseline: the sudo tree's report, with one finding rated
        # differently; then one rule removed and a new one added
        base = scan(sudo_root, sudo_fx, "--format", "json")
        changed = base["findings"][-1]
        changed["severity"] = "critical" if \
            changed["severity"] != "critical" else "high"
        bpath = os.path.join(tmp, "base.json")
        with open(bpath, "w") as f:
            json.dump(base, f)
        gone = os.path.join(sudo_root, "etc", "sudoers.d", "vim")
        if not os.path.exists(gone):
            no("sudo.fix no longer has etc/sudoers.d/vim; "
               "pick another file to fix")
            return 1
        os.unlink(gone)
        with open(os.path.join(sudo_root, "etc", "sudoers.d", "new"),
                  "w") as f:
            f.write("agent ALL=(root) NOPASSWD: /usr/bin/awk\n")
        os.chmod(os.path.join(sudo_root, "etc", "sudoers.d", "new"), 0o440)
        logs["baseline"] = scan(sudo_root, sudo_fx, "--format", "sarif",
                                "--baseline", bpath)
        rep = scan(sudo_root, sudo_fx, "--format", "json", "--baseline",
                   bpath)
        nfixed = len(rep["gate"]["fixed"])

        # ---- every log --------------------------------------------------
        nsvc = nlines = 0
        anchors = doc_anchors()
        for name, log in logs.items():
            for m in schema_errors(validator, log)[:5]:
                no("%s: %s" % (name, m))
            for m in check_uris(log) + check_rules(log) + \
                    check_states(log) + check_help(log, anchors):
                no("%s: %s" % (name, m))
            b, n = check_services(log)
            nsvc += n
            for m in b:
                no("%s: %s" % (name, m))
            b, n = check_lines(log)
            nlines += n
            for m in b:
                no("%s: %s" % (name, m))
            path = os.path.join(tmp, name + ".sarif")
            with open(path, "w") as f:
                json.dump(log, f, indent=1)
            r = multitool(tool, path, tmp)
            if r is None:
                no("%s: the Multitool did not run" % name)
                continue
            errors, fired = r
            for e in errors:
                no("%s: Multitool: %s" % (name, e))
            print("%s: %d results, %d rules; schema and Multitool clean "
                  "(warnings from: %s)" % (
                      name, len(log["runs"][0]["results"]),
                      len(log["runs"][0]["tool"]["driver"]["rules"]),
                      ", ".join(fired) or "none"))
        if nsvc == 0:
            no("no tcp:// service was seen as a logicalLocation")
        if nlines == 0:
            no("no finding with a line was seen")
        print("services as logicalLocations: %d; findings with lines: %d" %
              (nsvc, nlines))

        # ---- the baseline -----------------------------------------------
        res = logs["baseline"]["runs"][0]["results"]
        states = [r.get("baselineState") for r in res]
        print("baseline: %s" % {s: states.count(s) for s in set(states)})
        if None in states:
            no("baseline: a result without baselineState")
        for s in ("new", "unchanged", "updated", "absent"):
            if s not in states:
                no("baseline: no %s result" % s)
        if nfixed == 0 or states.count("absent") != nfixed:
            no("baseline: %d absent results for %d fixed findings" %
               (states.count("absent"), nfixed))
        absent_ids = {r["partialFingerprints"]["privmapFindingId/v1"]
                      for r in res if r.get("baselineState") == "absent"}
        if absent_ids != {f["id"] for f in rep["gate"]["fixed"]}:
            no("baseline: absent results are not the fixed findings")
        upd = [r for r in res if r.get("baselineState") == "updated"]
        if [r["properties"]["id"] for r in upd] != [changed["id"]]:
            no("baseline: the re-rated finding is not the updated one")

        # ---- the checks can fail -----------------------------------------
        good = logs["sudo.fix"]
        broken = copy.deepcopy(good)
        del broken["version"]
        if not schema_errors(validator, broken):
            no("the schema accepts a log without version")
        rules = good["runs"][0]["tool"]["driver"]["rules"]
        nohelp = copy.deepcopy(good)
        del nohelp["runs"][0]["tool"]["driver"]["rules"][0]["help"]
        for name, log, rule in (("no-version", broken, "JSON"),
                                ("no-help", nohelp, "GH2012")):
            path = os.path.join(tmp, name + ".sarif")
            with open(path, "w") as f:
                json.dump(log, f)
            r = multitool(tool, path, tmp)
            if r is None or not any(e.startswith(rule) for e in r[0]):
                no("the Multitool does not refuse a log with %s (%r)" %
                   (name, r))
        tcp = copy.deepcopy(good)
        tcp["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
            "artifactLocation"] = {"uri": "tcp://127.0.0.1:2375"}
        if not check_uris(tcp):
            no("check_uris accepts a tcp: URI")
        worse = copy.deepcopy(good)
        i = worse["runs"][0]["results"][0]["ruleIndex"]
        other = next((r for r in rules if r["properties"].get("severity")
                      != rules[i]["properties"].get("severity")), rules[i])
        worse["runs"][0]["tool"]["driver"]["rules"][i]["properties"] = \
            copy.deepcopy(other["properties"])
        if not check_rules(worse):
            no("check_rules accepts a rule rated unlike its result")
        some = copy.deepcopy(good)
        some["runs"][0]["results"][0]["baselineState"] = "new"
        if len(some["runs"][0]["results"]) < 2 or not check_states(some):
            no("check_states accepts baselineState on some results")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
