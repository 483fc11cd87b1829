#!/usr/bin/env python3
"""completion.py: the bash and zsh completions of contrib/completion hold
to the program (issue 18), so they cannot drift from it.

The options each subcommand accepts are found as tests/e2e/cli-docs.py
finds them (every getopt_long row of the source, offered to the binary
with --help after it) and each one-letter option by offering it the same
way. Then, in bash (the completion function called with COMP_WORDS and
COMP_CWORD as bash would set them) and in zsh (an interactive zsh in a
pseudo-terminal with compinit, the line typed and TAB pressed, every
match recorded as compadd gets it):

- the subcommands are offered after `privmap`;
- after `privmap SUB -`, exactly the options SUB accepts;
- the values offered for --format, --policy-format and --fail-on are
  each accepted by the binary in a real run (scan of a small tree, policy
  and fleet of its report, events of an empty log), a value not offered
  is refused, and --format's values are the ones SUB's --help lists;
  --arch offers the names of output/audit.c's table;
- --user after --root DIR offers the login names of DIR/etc/passwd and
  nothing else (a name with markup or a quote is left out; a passwd that
  is a symbolic link gives nothing); files after -o and for a report;
  directories only after --root; claude-code after hook.

Needs bash and zsh: a skip on a developer's machine without zsh, a
failure under CI=true (need.py).
"""
import importlib.util
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from need import need  # noqa: E402

TOP = os.environ.get("TOP_SRCDIR") or os.path.join(HERE, "..", "..")
PRIVMAP = os.environ.get("PRIVMAP", "privmap")
COMP = os.path.abspath(os.path.join(TOP, "contrib", "completion"))
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def cli_docs():
    spec = importlib.util.spec_from_file_location(
        "cli_docs", os.path.join(HERE, "cli-docs.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def accepted():
    """{subcommand: set of the options it accepts, "-x" and "--name"}."""
    cd = cli_docs()
    opts, cmds = cd.options_and_commands()
    letters = set()
    for path in cd.source_files():
        with open(path, encoding="utf-8") as f:
            for s in re.findall(r'getopt_long\(argc, argv, "([^"]*)"',
                                f.read()):
                letters |= set(s.replace(":", ""))
    out = {}
    for c in cmds:
        got = {"--" + n for n, k in opts.items() if cd.accepts(c, n, k)}
        for ch in sorted(letters):
            p = subprocess.run([PRIVMAP, c, "-" + ch, "x", "--help"],
                               capture_output=True, text=True, timeout=30)
            if "invalid option" not in p.stderr:
                got.add("-" + ch)
        out[c] = got
    return cmds, out


# ---- bash --------------------------------------------------------------

def bash_words(line):
    """COMP_WORDS as bash splits the line: blanks, and '=' a word of its
    own (COMP_WORDBREAKS)."""
    words = []
    for w in line.split(" "):
        parts = re.split(r"(=)", w)
        words += [p for p in parts if p != ""] or [""]
    return words


def bash_complete(bash, line, cwd):
    words = bash_words(line)
    script = ('source "$1"; shift; COMP_WORDS=("$@"); '
              'COMP_CWORD=$(( $# - 1 )); COMP_LINE="${*}"; '
              'COMP_POINT=${#COMP_LINE}; _privmap privmap; '
              'printf "%s\\n" "${COMPREPLY[@]}"')
    p = subprocess.run([bash, "--norc", "-c", script, "bash",
                        os.path.join(COMP, "privmap.bash")] + words,
                       capture_output=True, text=True, timeout=30, cwd=cwd)
    if p.stderr.strip():
        fail(f"bash {line!r}: {p.stderr.strip()[:200]}")
    return {x for x in p.stdout.split("\n") if x}


# ---- zsh ---------------------------------------------------------------

ZSH_SETUP = r'''
PS1= RPS1=
fpath=(%s $fpath)
autoload -Uz compinit && compinit -u -D
unsetopt autolist listambiguous automenu menucomplete; setopt nobeep
compadd() {
  if (( ${@[(I)-[OAD]]} )); then builtin compadd "$@"; return; fi
  local -a pmhits
  builtin compadd -O pmhits "$@"
  (( $#pmhits )) && print -rl -- $pmhits >> $PM_HITS
  builtin compadd "$@"
}
pm-tab() { zle complete-word; print -r -- done >> $PM_DONE }
zle -N pm-tab
bindkey '^I' pm-tab
print -r -- ready >> $PM_DONE
'''


class Zsh:
    """An interactive zsh in a pseudo-terminal: type a line, press TAB,
    read what compadd was given (as matches of the word under the
    cursor), kill the line."""

    def __init__(self, zsh, tmp, cwd):
        self.hits = os.path.join(tmp, "hits")
        self.done = os.path.join(tmp, "done")
        open(self.hits, "w").close()
        open(self.done, "w").close()
        self.n = 0
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(cwd)
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                   "TERM": "xterm", "HOME": tmp, "PM_HITS": self.hits,
                   "PM_DONE": self.done}
            os.execve(zsh, [zsh, "-f", "-i"], env)
        for ln in (ZSH_SETUP % COMP).strip().split("\n"):
            os.write(self.fd, ln.encode() + b"\n")
            self.drain(0.02)
        if not self.wait():
            raise RuntimeError("zsh did not start its completion system")

    def drain(self, t=0.05):
        while True:
            r, _, _ = select.select([self.fd], [], [], t)
            if not r:
                return
            try:
                if not os.read(self.fd, 65536):
                    return
            except OSError:
                return

    def wait(self, limit=20):
        self.n += 1
        end = time.time() + limit
        while time.time() < end:
            self.drain()
            with open(self.done) as f:
                if f.read().count("\n") >= self.n:
                    return True
        return False

    def complete(self, line):
        open(self.hits, "w").close()
        os.write(self.fd, line.encode() + b"\t")
        if not self.wait():
            fail(f"zsh {line!r}: no answer")
        with open(self.hits) as f:
            got = {x for x in f.read().split("\n") if x}
        os.write(self.fd, b"\x15")      # kill-whole-line
        self.drain()
        return got

    def close(self):
        os.write(self.fd, b"exit\n")
        self.drain()
        os.waitpid(self.pid, 0)


# ---- the cases ---------------------------------------------------------

def make_target(tmp):
    root = os.path.join(tmp, "root")
    os.makedirs(os.path.join(root, "etc"))
    with open(os.path.join(root, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\n"
                "agent:x:1001:1001::/home/agent:/bin/sh\n"
                "svc-db:x:1002:1002::/srv:/bin/sh\n"
                "<b>x:x:1003:1003::/:/bin/sh\n"
                "o'q:x:1004:1004::/:/bin/sh\n")
    with open(os.path.join(root, "etc", "group"), "w") as f:
        f.write("root:x:0:\nagent:x:1001:\n")
    linked = os.path.join(tmp, "linked")
    os.makedirs(os.path.join(linked, "etc"))
    os.symlink(os.path.join(root, "etc", "passwd"),
               os.path.join(linked, "etc", "passwd"))
    rep = os.path.join(tmp, "reports", "report.json")
    os.makedirs(os.path.dirname(rep))
    subprocess.run([PRIVMAP, "scan", "--root", root, "--user", "agent",
                    "--format", "json", "-o", rep, "-q"], timeout=120)
    os.makedirs(os.path.join(tmp, "rootdirs", "rootA"))
    open(os.path.join(tmp, "rootdirs", "rootfile"), "w").close()
    return root, linked, rep


def value_runs(tmp, root, rep):
    """How the binary is asked whether it takes a value: opt -> a function
    of (subcommand, value) giving the exit status."""
    out = os.path.join(tmp, "out")
    log = os.path.join(tmp, "empty.log")
    open(log, "w").close()

    def rc(argv):
        p = subprocess.run([PRIVMAP] + argv, capture_output=True,
                           timeout=120)
        return p.returncode

    def fmt(sub, v):
        if sub == "scan":
            return rc(["scan", "--root", root, "--user", "agent", "-q",
                       "--format", v, "-o", out, "--fail-on", "none"])
        if sub == "fleet":
            return rc(["fleet", "-q", "--format", v, "-o", out, rep])
        if sub == "events":
            return rc(["events", "--format", v, "-o", out, log])
        return None
    return {
        "--format": fmt,
        "--fail-on": lambda sub, v: rc(["scan", "--root", root, "--user",
                                        "agent", "-q", "--fail-on", v,
                                        "-o", out]),
        "--policy-format": lambda sub, v: rc(["policy", rep,
                                              "--policy-format", v,
                                              "-o", out + ".toml"]),
    }


def help_values(sub, opt):
    p = subprocess.run([PRIVMAP, sub, "--help"], capture_output=True,
                       text=True, timeout=30)
    m = re.search(re.escape(opt) + r" ([a-z0-9_-]+(?:\|[a-z0-9_-]+)+)",
                  p.stdout)
    return set(m.group(1).split("|")) if m else None


def check_shell(name, complete, cmds, acc, tmp, root, linked, rep):
    got = complete("privmap ")
    if got != set(cmds) and got != set(cmds) | {"--help", "--version"}:
        fail(f"{name}: subcommands {sorted(got)}, expected {sorted(cmds)}")
    for c in cmds:
        got = complete(f"privmap {c} -")
        if got != acc[c]:
            fail(f"{name}: privmap {c} -: offers {sorted(got - acc[c])} "
                 f"it does not take, lacks {sorted(acc[c] - got)}")
    runs = value_runs(tmp, root, rep)
    for opt, run in runs.items():
        for c in cmds:
            if opt not in acc[c]:
                continue
            vals = complete(f"privmap {c} {opt} ")
            if not vals:
                fail(f"{name}: privmap {c} {opt}: no value offered")
            hv = help_values(c, opt) if opt == "--format" else None
            if hv is not None and vals != hv:
                fail(f"{name}: privmap {c} {opt}: offers {sorted(vals)}, "
                     f"--help lists {sorted(hv)}")
            if run(c, "no-such-value") not in (2, None):
                fail(f"{name}: {c} {opt}: a bogus value is taken: the "
                     "test cannot tell")
            for v in sorted(vals):
                r = run(c, v)
                if r is not None and r == 2:
                    fail(f"{name}: privmap {c} {opt} {v}: offered, but "
                         "the program refuses it")
    # --arch: the names the rules writer resolves (output/audit.c)
    with open(os.path.join(TOP, "output", "audit.c")) as f:
        src = f.read()
    table = src[src.index("arch_aliases[] = {"):]
    table = set(re.findall(r'\{ "([^"]+)",', table[:table.index("{ NULL")]))
    for c in cmds:
        if "--arch" in acc[c]:
            vals = complete(f"privmap {c} --arch ")
            if vals != table:
                fail(f"{name}: privmap {c} --arch offers {sorted(vals)}, "
                     f"output/audit.c resolves {sorted(table)}")
    eq = complete("privmap fleet --format=h")
    if eq != {"html"}:
        fail(f"{name}: --format=h offers {sorted(eq)}")
    users = complete(f"privmap scan --root {root} --user ")
    if users != {"root", "agent", "svc-db"}:
        fail(f"{name}: --user with --root offers {sorted(users)}")
    users = complete(f"privmap scan --root={root} --format json --user a")
    if users != {"agent"}:
        fail(f"{name}: --root=DIR --user a offers {sorted(users)}")
    users = complete(f"privmap scan --root {linked} --user ")
    if users:
        fail(f"{name}: a linked etc/passwd gave {sorted(users)}")
    files = {os.path.basename(x.rstrip("/"))
             for x in complete(f"privmap rules {os.path.dirname(rep)}/")}
    if files != {"report.json"}:
        fail(f"{name}: a report's file: {sorted(files)}")
    files = {os.path.basename(x.rstrip("/"))
             for x in complete(f"privmap scan -o {tmp}/rootdirs/root")}
    if files != {"rootA", "rootfile"}:
        fail(f"{name}: -o FILE: {sorted(files)}")
    dirs = {os.path.basename(x.rstrip("/"))
            for x in complete(f"privmap scan --root {tmp}/rootdirs/root")}
    if dirs != {"rootA"}:
        fail(f"{name}: --root offers {sorted(dirs)}, directories only")
    if complete("privmap hook ") != {"claude-code"}:
        fail(f"{name}: hook does not offer claude-code")


def main():
    bash = need("PRIVMAP_BASH", "bash", "bash")
    zsh = need("PRIVMAP_ZSH", "zsh (Debian package zsh)", "zsh")
    cmds, acc = accepted()
    tmp = tempfile.mkdtemp(prefix="privmap-comp-")
    try:
        root, linked, rep = make_target(tmp)
        check_shell("bash", lambda ln: bash_complete(bash, ln, tmp), cmds,
                    acc, tmp, root, linked, rep)
        z = Zsh(zsh, tmp, tmp)
        try:
            check_shell("zsh", z.complete, cmds, acc, tmp, root, linked,
                        rep)
        finally:
            z.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"FAIL completion.py: {len(failures)} failures")
        return 1
    print(f"PASS completion.py: {len(cmds)} subcommands, bash and zsh")
    return 0


if __name__ == "__main__":
    sys.exit(main())
