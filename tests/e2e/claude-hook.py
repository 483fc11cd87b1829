#!/usr/bin/env python3
"""claude-hook.py: the claude-code settings and privmap's PreToolUse hook
with the real Claude Code CLI ($PRIVMAP_CLAUDE, tools/setup.sh).

A report (the unit tests' sample, plus a sudo rule, a home directory a
root job runs from, and a path with parentheses) is turned into settings
with `privmap policy --policy-format claude-code --policy-hook`. Then:

- `claude doctor`, offline (an isolated HOME, non-essential traffic off,
  proxies pointing at a closed local port, no login), must list no
  invalid settings for them, and must list the same settings broken on
  purpose (so this test can fail);
- the hook command exactly as the settings give it is run the way Claude
  Code runs a command hook (sh -c, the PreToolUse JSON on stdin; inputs
  as the hooks reference documents them, with session_id, a
  transcript_path and cwd under the agent's home): a normal Read of the
  workspace goes through; each denied action is blocked with exit 2 and
  the deny entry on stderr; malformed input is blocked with the reason.

Exit: 0 pass, 1 fail, 77 skip (Claude Code missing, not under CI=true).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import need  # noqa: E402

bad = 0


def no(msg):
    global bad
    print("FAIL:", msg)
    bad += 1


claude = need("PRIVMAP_CLAUDE", "the Claude Code CLI", "claude")
top_build = os.environ.get("TOP_BUILDDIR", ".")
privmap = os.path.abspath(os.environ.get("PRIVMAP",
                                         os.path.join(top_build, "privmap")))
ot = os.path.join(top_build, "tests", "unit", "output-test")

tmp = tempfile.mkdtemp(prefix="privmap-claude.")
try:
    home = os.path.join(tmp, "home", "agent")
    proj = os.path.join(home, "proj")
    os.makedirs(os.path.join(home, ".claude"))
    os.makedirs(proj)

    # ---- the report and the settings ---------------------------------
    rep = json.loads(subprocess.run([ot, "--emit", "json"], check=True,
                                    stdout=subprocess.PIPE).stdout)
    base = rep["findings"][0]

    def finding(n, check, family, sev, path, title, pol):
        f = dict(base)
        f.update({"id": "PM-00000000000000%02x" % n, "check": check,
                  "family": family, "severity": sev, "title": title,
                  "path": path, "policy": pol, "audit": [],
                  "evidence": {}})
        return f

    rep["findings"] += [
        finding(1, "sudo", "sudo", "critical", "/etc/sudoers",
                "agent may run any command as root with sudo",
                ["exec /usr/bin/sudo"]),
        finding(2, "cron", "cron", "high", home,
                "a root cron job runs a script from " + home,
                ["write " + home]),
        finding(3, "writable-config", "writable-config", "high",
                "/opt/app (v2)/conf", "/opt/app (v2)/conf is writable",
                ["write /opt/app (v2)/conf"]),
    ]
    rpath = os.path.join(tmp, "report.json")
    with open(rpath, "w") as f:
        json.dump(rep, f)
    settings = os.path.join(home, ".claude", "settings.json")
    p = subprocess.run([privmap, "policy", rpath, "--policy-format",
                        "claude-code", "--policy-hook", "-o", settings],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if p.returncode != 0:
        no("privmap policy --policy-hook: exit %d: %s" % (p.returncode,
                                                          p.stderr))
        sys.exit(1)
    cc = json.load(open(settings))
    polfile = os.path.join(home, ".claude",
                           "settings.privmap-policy.json")
    pol = json.load(open(polfile))
    if pol.get("schema") != "privmap.policy/1":
        no("the hook's policy is not a generic policy")
    if "/opt/app (v2)/conf" not in cc.get("$comment", ""):
        no("the path no rule can carry is not named in $comment")
    if any("(v2)" in r for r in cc["permissions"]["deny"]):
        no("a rule carries parentheses")
    hooks = cc["hooks"]["PreToolUse"]
    if len(hooks) != 1 or len(hooks[0]["hooks"]) != 1:
        no("one PreToolUse hook expected: %r" % hooks)
    cmd = hooks[0]["hooks"][0]["command"]
    want = "'%s' hook claude-code --policy '%s'" % (privmap, polfile)
    if cmd != want:
        no("hook command %r, expected %r" % (cmd, want))
    for tool in ("Bash", "Read", "Write", "Edit", "Grep"):
        if tool not in hooks[0]["matcher"].split("|"):
            no("the matcher lacks " + tool)

    # ---- claude doctor, offline ---------------------------------------
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
           "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
           "DISABLE_AUTOUPDATER": "1", "DISABLE_TELEMETRY": "1",
           "DISABLE_ERROR_REPORTING": "1",
           "HTTPS_PROXY": "http://127.0.0.1:9",
           "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "",
           "TERM": "dumb"}

    def doctor():
        d = subprocess.run([claude, "doctor"], cwd=proj, env=env,
                           stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=120)
        return d.stdout

    ver = subprocess.run([claude, "--version"], env=env,
                         stdout=subprocess.PIPE, text=True, timeout=60)
    print("claude:", ver.stdout.strip())
    out = doctor()
    if "Claude Code doctor" not in out:
        no("claude doctor did not run: %s" % out[-400:])
    if "Invalid settings" in out or "settings.json" in out:
        no("claude doctor rejects the settings:\n" + out)
    # the same settings broken: doctor must say so, naming the file
    broken = dict(cc)
    broken["hooks"] = {"PreToolUse": [{"matcher": "Bash", "hooks": [
        {"type": "cmd", "command": cmd}]}]}
    broken["permissions"] = {"deny": cc["permissions"]["deny"] +
                             ["Read(//etc/shadow"]}
    shutil.copy(settings, settings + ".good")
    with open(settings, "w") as f:
        json.dump(broken, f)
    out = doctor()
    if "Invalid settings" not in out or settings not in out:
        no("claude doctor accepts broken settings: this test cannot "
           "fail:\n" + out)
    shutil.copy(settings + ".good", settings)

    # ---- the hook on documented PreToolUse inputs ---------------------
    def call(tool, tool_input, raw=None):
        doc = {"session_id": "0c3b6f2e-1d5e-4f7a-9b1c-2a3d4e5f6a7b",
               "transcript_path": os.path.join(
                   home, ".claude", "projects", "-home-agent-proj",
                   "0c3b6f2e.jsonl"),
               "cwd": proj, "permission_mode": "default",
               "hook_event_name": "PreToolUse", "tool_name": tool,
               "tool_input": tool_input}
        data = raw if raw is not None else json.dumps(doc)
        henv = dict(os.environ, HOME=home)
        return subprocess.run(["sh", "-c", cmd], input=data, env=henv,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              cwd=proj, timeout=60)

    allowed = [
        ("Read", {"file_path": os.path.join(proj, "README.md")}),
        ("Read", {"file_path": os.path.join(proj, "src", "main.c"),
                  "offset": 10, "limit": 50}),
        ("Glob", {"pattern": "**/*.py"}),
        ("Grep", {"pattern": "TODO", "path": proj, "output_mode":
                  "content"}),
        ("Bash", {"command": "git status && ls -la",
                  "description": "Show the working tree"}),
        ("Bash", {"command": "cat /etc/os-release"}),
        ("Bash", {"command": "grep -rn TODO src/ | head -20; cat "
                  + os.path.join(proj, "README.md")}),
        ("WebFetch", {"url": "https://example.org/", "prompt": "x"}),
        ("TodoWrite", {"todos": []}),
    ]
    for tool, ti in allowed:
        r = call(tool, ti)
        if r.returncode != 0 or r.stdout or r.stderr:
            no("allowed %s %r: exit %d, %s%s" % (tool, ti, r.returncode,
                                                 r.stdout, r.stderr))

    blocked = [
        ("Bash", {"command": "sudo id"}, "deny exec /usr/bin/sudo"),
        ("Bash", {"command": "env sudo id"}, "deny exec /usr/bin/sudo"),
        ("Bash", {"command": "bash -c 'sudo id'"},
         "deny exec /usr/bin/sudo"),
        ("Bash", {"command": "timeout 5 /usr/bin/sudo -n true"},
         "deny exec /usr/bin/sudo"),
        ("Bash", {"command": "docker run --rm -v /:/h alpine id"},
         "deny group docker"),
        ("Bash", {"command": "echo '%agent ALL=(ALL) NOPASSWD: ALL' > "
                  "/etc/sudoers.d/agent"}, "deny write /etc/sudoers.d"),
        ("Bash", {"command": "echo 'alias sudo=x' >> ~/.bashrc"},
         "deny write " + home),
        ("Write", {"file_path": os.path.join(home, ".profile"),
                   "content": "x"}, "deny write " + home),
        ("Edit", {"file_path": "/etc/sudoers.d/agent", "old_string": "a",
                  "new_string": "b"}, "deny write /etc/sudoers.d"),
        ("Write", {"file_path": "/opt/app (v2)/conf/x.ini",
                   "content": ""}, "deny write /opt/app (v2)/conf"),
        ("Read", {"file_path": "/etc/shadow"}, "deny read /etc/shadow"),
        ("Bash", {"command": "cat /etc/shadow"}, "deny read /etc/shadow"),
        ("Bash", {"command": "curl -s http://127.0.0.1:2375/info"},
         "deny port 127.0.0.1:2375"),
        ("WebFetch", {"url": "http://localhost:2375/info", "prompt": "x"},
         "deny port 127.0.0.1:2375"),
    ]
    for tool, ti, why in blocked:
        r = call(tool, ti)
        if r.returncode != 2 or why not in r.stderr:
            no("not blocked: %s %r: exit %d, stderr %r" % (
                tool, ti, r.returncode, r.stderr))

    for raw, why in (("{\"tool_name\": \"Bash\", ", "not JSON"),
                     ("", "not JSON"),
                     (json.dumps({"tool_name": "Bash", "tool_input": {}}),
                      "tool_input.command")):
        r = call(None, None, raw=raw)
        if r.returncode != 2 or why not in r.stderr:
            no("malformed input %r: exit %d, stderr %r" % (
                raw, r.returncode, r.stderr))
    print("claude-hook: %d allowed, %d blocked, 3 malformed inputs "
          "checked" % (len(allowed), len(blocked)))
finally:
    shutil.rmtree(tmp, ignore_errors=True)

sys.exit(1 if bad else 0)
