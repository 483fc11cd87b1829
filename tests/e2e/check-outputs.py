#!/usr/bin/env python3
"""check-outputs.py DIR SCHEMA

Checks the close-and-watch outputs of one report, written into DIR as
files named after their format (audit, audit-base, audit-immutable,
generic, claude-code, claude-code-hook, codex, codex-rules, fix, sarif),
with their consumers' own parsers where one is at hand:

  fix          sh -n, dash -n, shellcheck -s sh
  audit*       no control lines in the drop-in, no -i/-c, lines that fit
               auditctl's buffer, the control lines in their own files
               (libaudit's parser already ran on every rule in privmap)
  generic      JSON, valid against SCHEMA (docs/policy.schema.json) with
               python3-jsonschema
  claude-code  JSON; permissions.deny rules of the documented shapes,
               sorted and unique; the hook, if any, a command
  codex        TOML (tomllib, Python 3.11+): sandbox and network settings
  codex-rules  Starlark; the part privmap writes (assignments, def, for,
               comprehensions) is also Python, run with a stub
               prefix_rule: every rule decision="forbidden", a pattern
               of words or lists of alternative words
  sarif        SARIF 2.1.0's required properties, one by one, and the
               GitHub code-scanning ones (security-severity, tags,
               partialFingerprints.primaryLocationLineHash)

The parsers are looked up first (tests/e2e/need.py): a missing one ends
the run with a skip (77) on a developer's machine and a failure under
CI=true, before anything is checked, never a quiet pass. Exit 0 pass,
1 fail, 77 skip.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import need, need_module  # noqa: E402

bad = 0
# the consumers' parsers, found by main()
DASH = SHELLCHECK = jsonschema = tomllib = None


def no(msg):
    global bad
    print("FAIL:", msg)
    bad += 1


def path(d, name):
    return os.path.join(d, name)


def check_fix(d):
    f = path(d, "fix")
    if subprocess.run(["sh", "-n", f]).returncode != 0:
        no("sh -n on the fix script")
    if subprocess.run([DASH, "-n", f]).returncode != 0:
        no("dash -n on the fix script")
    if subprocess.run([SHELLCHECK, "-s", "sh", f]).returncode != 0:
        no("shellcheck on the fix script")


def check_audit(d):
    for line in open(path(d, "audit"), encoding="utf-8",
                     errors="surrogateescape"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        w = line.split(" ")
        if w[0] in ("-D", "-b", "-f", "-e") or "-i" in w or "-c" in w:
            no("audit drop-in: control option in %r" % line)
        if len(line) > 6142:
            no("audit drop-in: a rule longer than auditctl's line")
        if "-F" not in w and "-w" not in w:
            no("audit drop-in: not a rule: %r" % line)
    if "-D" not in open(path(d, "audit-base")).read().split("\n"):
        no("audit base: no -D")
    if "-e 2" not in open(path(d, "audit-immutable")).read().split("\n"):
        no("audit immutable: no -e 2")


def check_generic(d, schema_path):
    gen = json.load(open(path(d, "generic")))
    schema = json.load(open(schema_path))
    try:
        jsonschema.validate(gen, schema)
    except jsonschema.ValidationError as e:
        no("generic policy: " + e.message)
    return gen


def check_claude(d):
    cc = json.load(open(path(d, "claude-code")))
    deny = cc["permissions"]["deny"]
    if deny != sorted(set(deny)):
        no("claude-code: deny rules not sorted and unique")
    for r in deny:
        tool = r.split("(")[0]
        if not r.endswith(")") or tool not in ("Bash", "Edit", "Read",
                                               "WebFetch"):
            no("claude-code: rule shape %r" % r)
        if tool in ("Edit", "Read") and not r.startswith(tool + "(//"):
            no("claude-code: not an absolute path rule %r" % r)
    h = json.load(open(path(d, "claude-code-hook")))
    for m in h.get("hooks", {}).get("PreToolUse", []):
        for x in m["hooks"]:
            if x.get("type") != "command" or not x.get("command"):
                no("claude-code: hook without a command")
    return cc, h


def check_codex(d):
    t = tomllib.load(open(path(d, "codex"), "rb"))
    if t.get("sandbox_mode") != "workspace-write":
        no("codex: sandbox_mode")
    if t.get("sandbox_workspace_write", {}).get("network_access") is not False:
        no("codex: network_access")


def codex_rules(text):
    """The prefix_rule() calls of a privmap Codex rules file, as keyword
    dicts: the file run as Python with nothing but range, str and a stub
    prefix_rule at hand."""
    calls = []

    def prefix_rule(*args, **kw):
        if args:
            no("codex rules: prefix_rule with positional arguments")
        calls.append(kw)
    exec(compile(text, "codex-rules", "exec"),
         {"__builtins__": {"range": range, "str": str},
          "prefix_rule": prefix_rule})
    return calls


def codex_patterns(calls):
    """Each rule's patterns, a first word of alternatives spread into one
    pattern each (as Codex does), a one-word list made that word."""
    pats = []
    for kw in calls:
        p = kw.get("pattern")
        if not (isinstance(p, list) and p):
            continue
        p = [x[0] if isinstance(x, list) and len(x) == 1 else x for x in p]
        for head in (p[0] if isinstance(p[0], list) else [p[0]]):
            pats.append([head] + p[1:])
    return pats


def check_codex_rules(d):
    calls = codex_rules(open(path(d, "codex-rules")).read())
    for kw in calls:
        if kw.get("decision") != "forbidden" or not kw.get("justification"):
            no("codex rules: decision or justification")
        p = kw.get("pattern")
        if not (isinstance(p, list) and p and
                all((isinstance(x, str) and x) or
                    (isinstance(x, list) and x and
                     all(isinstance(y, str) and y for y in x))
                    for x in p)):
            no("codex rules: pattern %r" % (p,))
    return codex_patterns(calls)


def uri_ok(u):
    return not any(ord(ch) <= 32 or ord(ch) >= 127 or ch in '"<>\\^`{|}'
                   for ch in u)


def check_sarif(d):
    s = json.load(open(path(d, "sarif")))
    if s.get("version") != "2.1.0" or not isinstance(s.get("runs"), list):
        no("sarif: version and runs are required")
        return s
    for run in s["runs"]:
        drv = run.get("tool", {}).get("driver", {})
        if not isinstance(drv.get("name"), str):
            no("sarif: run.tool.driver.name is required")
        ids = []
        for r in drv.get("rules", []):
            if not isinstance(r.get("id"), str):
                no("sarif: reportingDescriptor.id is required")
            ids.append(r.get("id"))
            for k in ("shortDescription", "fullDescription", "help"):
                if k in r and not isinstance(r[k].get("text"), str):
                    no("sarif: %s.text is required" % k)
            p = r.get("properties", {})
            try:
                sev = float(p.get("security-severity"))
            except (TypeError, ValueError):
                sev = -1.0
            # an info rule has none (GitHub then shows it as a note)
            if p.get("severity") == "info":
                if "security-severity" in p:
                    no("sarif info rule %s: security-severity" %
                       r.get("id"))
            elif not isinstance(p.get("security-severity"), str) or \
                    not 0.1 <= sev <= 10.0:
                no("sarif rule %s: security-severity" % r.get("id"))
            if "security" not in p.get("tags", []):
                no("sarif rule %s: tag security" % r.get("id"))
            lvl = r.get("defaultConfiguration", {}).get("level", "warning")
            if lvl not in ("none", "note", "warning", "error"):
                no("sarif rule level")
        for base in run.get("originalUriBaseIds", {}).values():
            if "uri" in base and not (base["uri"].endswith("/") and
                                      uri_ok(base["uri"])):
                no("sarif: a base URI must be absolute and end in /")
        for res in run.get("results", []):
            m = res.get("message", {})
            if not isinstance(m.get("text"), str) and "id" not in m:
                no("sarif: result.message needs text or id")
            if res.get("level") not in ("none", "note", "warning", "error"):
                no("sarif: result.level")
            ri = res.get("ruleIndex", -1)
            if not (0 <= ri < len(ids)) or ids[ri] != res.get("ruleId"):
                no("sarif: ruleIndex and ruleId disagree")
            fp = res.get("partialFingerprints", {})
            if not fp.get("primaryLocationLineHash"):
                no("sarif: no primaryLocationLineHash")
            for loc in res.get("locations", []):
                a = loc.get("physicalLocation", {}).get("artifactLocation")
                if a is None or not uri_ok(a.get("uri", "")):
                    no("sarif: location uri %r" % (a,))
    return s


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    d, schema = sys.argv[1], sys.argv[2]
    global DASH, SHELLCHECK, jsonschema, tomllib
    DASH = need("PRIVMAP_DASH", "dash (sh -n of the fix script)", "dash")
    SHELLCHECK = need("PRIVMAP_SHELLCHECK", "shellcheck (apt-get install "
                      "shellcheck)", "shellcheck")
    jsonschema = need_module("jsonschema", "python3-jsonschema")
    tomllib = need_module("tomllib", "tomllib (Python 3.11 or later)")
    check_fix(d)
    check_audit(d)
    check_generic(d, schema)
    check_claude(d)
    check_codex(d)
    check_codex_rules(d)
    check_sarif(d)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
