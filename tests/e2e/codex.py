"""codex.py: the Codex settings and rules privmap writes, given to the real
Codex CLI (PRIVMAP_CODEX, installed by tools/setup.sh) in a CODEX_HOME of
its own, without network (a network namespace where unshare(1) can make
one, and proxies pointing at a closed local port) and without logging in.

- `privmap policy REPORT --policy-format codex` writes the settings and,
  beside them, the rules file, with -o and without it (./privmap.rules,
  said on stderr);
- the settings load: `codex features list` reads config.toml and exits
  non-zero on a value it refuses; a known-bad file (approval_policy =
  "untrusted", which Codex 0.171 no longer supports) and each of our keys
  given a value of the wrong type fail that same load, so the check can
  fail and every key is one Codex knows;
- the settings take effect: `codex debug prompt-input` renders what the
  model is told: sandbox workspace-write, network restricted, escalation
  on request;
- `codex execpolicy check` over the rules, with and without
  --resolve-host-executables (Codex itself resolves absolute paths): a
  table of commands that must be forbidden, and of commands that no rule
  may match (among them Codex's own SHELL -lc wrapper).

The report is the unit tests' sample (output-test --emit json) with a
setuid sudo added, so that sudo, docker (group and socket), find and a
program outside the standard directories are all forbidden.

Exit: 0 pass, 1 fail, 77 skip (no Codex CLI on a developer's machine;
never under CI=true).
"""
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import need  # noqa: E402

CODEX = need("PRIVMAP_CODEX", "the Codex CLI")
TOP_BUILDDIR = os.environ.get("TOP_BUILDDIR", ".")
PRIVMAP = os.environ.get("PRIVMAP", os.path.join(TOP_BUILDDIR, "privmap"))
OT = os.path.join(TOP_BUILDDIR, "tests", "unit", "output-test")

ODD = '/opt/we"ird\\dir/tool.odd'
FORBIDDEN = [
    "sudo id", "/usr/bin/sudo -i", "/bin/sudo id", "sudo",
    "env sudo id", "env -i sudo id", "/usr/bin/env sudo id",
    "nice sudo id", "nice -n 10 sudo id", "nice -5 sudo id",
    "nice --adjustment=-3 sudo id", "/usr/bin/nice -n 19 docker ps",
    "timeout 5 sudo id", "timeout 30s docker ps",
    "timeout -s KILL 10 sudo id", "timeout --foreground 2m sudo id",
    "nohup docker run img", "setsid sudo id", "setsid -f sudo id",
    "xargs sudo", "command sudo id", "exec sudo id", "time sudo id",
    "bash -c 'sudo id'", "sh -c 'docker run --privileged img'",
    "/bin/sh -c id", "/usr/bin/bash -c 'ls'", "dash -ec 'sudo id'",
    "bash -l -c 'sudo id'", "zsh -c 'sudo id'",
    "env bash -c 'sudo id'", "timeout 5 sh -c 'sudo id'",
    "env -- sudo id", "nice -- sudo id", "timeout -- 5 sudo id",
    "command -- sudo id", "bash --norc -c 'sudo id'", "sh -p -c id",
    "bash -e -x -c 'sudo id'", "bash --noprofile --norc -c id",
    "docker ps", "/usr/bin/docker ps", "/usr/local/bin/docker ps",
    "docker-compose up", "env docker-compose up",
    "sg docker -c id", "newgrp docker", "/usr/bin/sg docker id",
    "env sg docker id",
    "find / -exec /bin/sh -p ;", "/usr/bin/find .", "nice find .",
    "/opt/tool/bin/helper", "helper --x", "env /opt/tool/bin/helper",
    shlex.quote(ODD) + " -x", "tool.odd",
]
ALLOWED = [
    "ls", "ls -la", "git status", "git commit -m 'sudo id'", "make",
    "make check", "cat /etc/hostname", "id", "echo sudo",
    "bash -lc ls", "/bin/bash -lc 'make check'",
    "/usr/bin/zsh -lc 'git status'", "bash script.sh",
    "bash --norc script.sh", "env -- make",
    "env FOO=1 make", "nice make", "timeout 5 make", "nohup make",
    "python3 -c 'print(1)'", "sg staff id", "newgrp staff",
    "docker2 ps", "finder",
]

bad = 0


def no(msg):
    global bad
    print("FAIL:", msg)
    bad += 1


def isolate():
    """The command prefix that takes the network away, if it can."""
    for pre in (["unshare", "-n"], ["unshare", "-rn"]):
        try:
            if subprocess.run(pre + ["true"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL,
                              timeout=30).returncode == 0:
                return pre
        except (OSError, subprocess.TimeoutExpired):
            pass
    return []


def main():
    tmp = tempfile.mkdtemp(prefix="codex-test.",
                           dir=os.path.abspath(TOP_BUILDDIR))
    try:
        run_all(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if bad:
        print("%d failure(s)" % bad)
        sys.exit(1)
    print("PASS: Codex loads the settings and enforces the rules "
          "(%d forbidden, %d allowed)" % (len(FORBIDDEN), len(ALLOWED)))


def run_all(tmp):
    home = os.path.join(tmp, "codex-home")
    os.mkdir(home)
    dead = "http://127.0.0.1:9"
    env = dict(os.environ, CODEX_HOME=home, HOME=tmp, HTTP_PROXY=dead,
               HTTPS_PROXY=dead, ALL_PROXY=dead, http_proxy=dead,
               https_proxy=dead, all_proxy=dead, NO_PROXY="")
    for k in ("OPENAI_API_KEY", "CODEX_API_KEY", "OPENAI_BASE_URL"):
        env.pop(k, None)
    pre = isolate()
    print("codex:", subprocess.run([CODEX, "--version"], env=env,
                                   capture_output=True, text=True,
                                   timeout=120).stdout.strip(),
          "(network:", "namespace)" if pre else "dead proxy only)")

    def codex(*args):
        return subprocess.run(pre + [CODEX] + list(args), env=env,
                              capture_output=True, text=True, timeout=300,
                              cwd=tmp)

    # ---- the report and privmap's two files ----------------------------
    rep = json.loads(subprocess.run([OT, "--emit", "json"], check=True,
                                    capture_output=True,
                                    text=True).stdout)
    # a setuid sudo, shaped as the sample's setuid find, counted in
    # the summary
    find = [f for f in rep["findings"] if f["policy"] ==
            ["exec /usr/bin/find"]][0]
    sudo = json.loads(json.dumps(find).replace("/usr/bin/find",
                                               "/usr/bin/sudo"))
    sudo["id"] = "PM-00000000c0dec5d0"
    # and one whose path a Starlark string must escape (in the report in
    # privmap's form of names, docs/paths.md: a backslash is \\)
    odd = json.loads(json.dumps(find).replace(
        "/usr/bin/find", json.dumps(ODD.replace("\\", "\\\\"))[1:-1]))
    odd["id"] = "PM-00000000000dd0dd"
    for f in (sudo, odd):
        rep["findings"].append(f)
        rep["summary"]["findings"] += 1
        rep["summary"]["by_severity"][f["severity"]] += 1
    rpath = os.path.join(tmp, "report.json")
    with open(rpath, "w") as f:
        json.dump(rep, f)
    out = os.path.join(tmp, "out")
    os.mkdir(out)
    p = subprocess.run([PRIVMAP, "policy", rpath, "--policy-format",
                        "codex", "-o", os.path.join(out, "privmap.toml")],
                       capture_output=True, text=True)
    if p.returncode != 0:
        no("privmap policy -o: exit %d: %s" % (p.returncode, p.stderr))
        return
    cfg = os.path.join(out, "privmap.toml")
    rules = os.path.join(out, "privmap.rules")
    if not os.path.isfile(rules):
        no("privmap policy -o X.toml wrote no X.rules")
        return
    if rules not in p.stderr:
        no("privmap policy did not say where the rules went: %r" % p.stderr)
    # without -o: the settings on stdout, the rules in ./privmap.rules
    cwd = os.path.join(tmp, "cwd")
    os.mkdir(cwd)
    p = subprocess.run([PRIVMAP, "policy", rpath, "--policy-format",
                        "codex"], capture_output=True, text=True, cwd=cwd)
    if p.returncode != 0 or "approval_policy" not in p.stdout:
        no("privmap policy to stdout: exit %d" % p.returncode)
    elif not os.path.isfile(os.path.join(cwd, "privmap.rules")) or \
            "privmap.rules" not in p.stderr:
        no("privmap policy without -o: no ./privmap.rules or no word of "
           "it on stderr (%r)" % p.stderr)
    else:
        with open(os.path.join(cwd, "privmap.rules")) as a, \
                open(rules) as b:
            if a.read() != b.read():
                no("the rules differ with and without -o")
    text = open(rules).read()
    if "codex-rules" in text or "codex-rules" in open(cfg).read():
        no("a file names the command privmap codex-rules, which does "
           "not exist")

    # ---- the settings load, and a bad file fails the same load ---------
    conf = open(cfg).read()
    with open(os.path.join(home, "config.toml"), "w") as f:
        f.write(conf)
    r = codex("features", "list")
    if r.returncode != 0:
        no("codex features list refused privmap's settings: %s" %
           r.stderr[-2000:])

    def refused(text, why):
        with open(os.path.join(home, "config.toml"), "w") as f:
            f.write(text)
        r = codex("features", "list")
        if r.returncode == 0:
            no("codex loaded a bad config (%s)" % why)
        return r

    r = refused(re.sub(r'(?m)^approval_policy = .*$',
                       'approval_policy = "untrusted"', conf),
                "approval_policy untrusted")
    if "no longer supported" not in r.stderr:
        no("codex did not refuse untrusted for the known reason: %s" %
           r.stderr[-500:])
    keys = re.findall(r'(?m)^([a-z_]+) = (.*)$', conf)
    if len(keys) < 4:
        no("the settings hold %d keys: %r" % (len(keys), keys))
    for key, val in keys:
        wrong = '"privmap-wrong-type"' if val in ("true", "false") else \
            "12345"
        r = refused(re.sub(r'(?m)^%s = .*$' % key, "%s = %s" % (key, wrong),
                           conf), "%s = %s" % (key, wrong))
        if key not in r.stderr:
            no("codex's refusal does not name %s: %s" % (key,
                                                         r.stderr[-500:]))

    # ---- and take effect ------------------------------------------------
    with open(os.path.join(home, "config.toml"), "w") as f:
        f.write(conf)
    r = codex("debug", "prompt-input")
    if r.returncode != 0:
        no("codex debug prompt-input: exit %d: %s" % (r.returncode,
                                                       r.stderr[-2000:]))
    else:
        told = json.dumps(json.loads(r.stdout))
        for want in ("`sandbox_mode` is `workspace-write`",
                     "Network access is restricted.",
                     "# Escalation Requests"):
            if want not in told:
                no("the model is not told %r" % want)

    # ---- the rules: what they forbid and what they let through ---------
    r = codex("execpolicy", "check", "--rules", rules, "true")
    if r.returncode != 0:
        no("codex could not load the rules: %s" % r.stderr[-2000:])
        return
    table = [(cmd, resolve) for cmd in FORBIDDEN + ALLOWED
             for resolve in ([], ["--resolve-host-executables"])]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        runs = pool.map(lambda t: codex("execpolicy", "check", "--rules",
                                        rules, *t[1], *shlex.split(t[0])),
                        table)
        for (cmd, resolve), r in zip(table, runs):
            try:
                res = json.loads(r.stdout)
            except ValueError:
                no("execpolicy check %s: exit %d, no JSON: %s" %
                   (cmd, r.returncode, r.stderr[-500:]))
                continue
            how = " ".join(resolve) or "exact"
            if cmd in FORBIDDEN and res.get("decision") != "forbidden":
                no("%s: not forbidden (%s): %s" % (cmd, how, r.stdout))
            if cmd in ALLOWED and res.get("matchedRules"):
                no("%s: matched a rule (%s): %s" % (cmd, how, r.stdout))


main()
