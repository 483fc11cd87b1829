#!/usr/bin/env python3
"""cli-docs.py: every option the program accepts is in its three documents.

The options are found in the source (every `{ "name", *_argument` row
of a getopt_long table in privmap.c and the files it includes options
from), then each is offered to each subcommand of the binary, followed by
--help so that nothing runs: `privmap SUB --opt[=x] --help` exits 0 when
SUB accepts --opt (or 2 with a message naming --opt when it refuses the
value x) and 2 with "unrecognized option" when it does not. Every
option a subcommand accepts must appear in `privmap SUB --help`, in
man/privmap.1 and in docs/cli.md; every subcommand must appear in the
man page's SYNOPSIS and SUBCOMMANDS and in docs/cli.md; every --format
value a subcommand's --help lists must be in the man page's SYNOPSIS.
An option that only some subcommands accept but another's --help names is
a lie in that --help, and fails too.

The page is also run through `groff -ww -z -man`: a warning fails.
Fails, never skips, except when groff is missing on a developer's
machine (need.py; a failure under CI=true).
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import need  # noqa: E402

PRIVMAP = os.environ.get("PRIVMAP", "./privmap")
TOP = os.environ.get("TOP_SRCDIR", ".")

# where getopt tables live: the front end, and any file it includes
# option tables from (a new file with a table is found by the pattern)
OPT_ROW = re.compile(r'\{\s*"([a-z][a-z0-9-]*)",\s*(no|required|optional)'
                     r"_argument,\s*NULL,\s*('.'|\w+)")
shorts = {}  # long option name: its one-letter alias, when it has one
CMD_ROW = re.compile(r'\{\s*"([a-z][a-z0-9-]*)",\s*cmd_[a-z_]+,')


def source_files():
    out = [os.path.join(TOP, "privmap.c")]
    for sub in ("cli", "watch", "output", "checks", "engine", "parse",
                "lib", "known"):
        d = os.path.join(TOP, sub)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".c") or name.endswith(".h"):
                path = os.path.join(d, name)
                with open(path, encoding="utf-8") as f:
                    if "getopt_long" in f.read() or name.endswith(".h"):
                        out.append(path)
    return out


def options_and_commands():
    opts, cmds = {}, []
    shorts.clear()
    for path in source_files():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for name, kind, val in OPT_ROW.findall(text):
            opts[name] = kind
            if len(val) == 3:
                shorts[name] = val[1]
        if path.endswith("privmap.c"):
            cmds = CMD_ROW.findall(text)
    return opts, cmds


def run(args):
    p = subprocess.run([PRIVMAP] + args, capture_output=True, text=True,
                       timeout=30, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def accepts(cmd, name, kind):
    arg = f"--{name}=x" if kind == "required" else f"--{name}"
    rc, out, err = run([cmd, arg, "--help"])
    if "unrecognized option" in err or "not allow an argument" in err:
        return False
    # a value checked while the options are read ("unknown severity 'x'")
    # is an accepted option with a refused value
    if rc != 0 and f"--{name}" not in err:
        raise SystemExit(f"FAIL: privmap {cmd} {arg} --help exited {rc}: "
                         f"{err.strip()[:200]}")
    return True


def section(text, title):
    m = re.search(r'^\.SH ' + re.escape(title) + r'\s*$(.*?)(?=^\.SH |\Z)',
                  text, re.S | re.M)
    return m.group(1) if m else ""


def main():
    opts, cmds = options_and_commands()
    if not opts or not cmds:
        print("FAIL: no option table or command table found in the source")
        return 1
    with open(os.path.join(TOP, "man", "privmap.1"), encoding="utf-8") as f:
        man = f.read()
    manplain = man.replace("\\-", "-").replace("\\fB", "").replace(
        "\\fR", "").replace("\\fP", "").replace("\\fI", "")
    synopsis = section(manplain, "SYNOPSIS")
    subsect = section(manplain, "SUBCOMMANDS")
    try:
        with open(os.path.join(TOP, "docs", "cli.md"), encoding="utf-8") as f:
            cli = f.read()
    except OSError as e:
        print(f"FAIL: docs/cli.md: {e.strerror}")
        return 1
    bad = []
    checked = 0
    # the page itself: groff's warnings (-ww) are defects of the page
    groff = need("PRIVMAP_GROFF", "groff (Debian package groff-base)",
                 "groff")
    lint = subprocess.run([groff, "-ww", "-z", "-man",
                           os.path.join(TOP, "man", "privmap.1")],
                          capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL="C.UTF-8"))
    if lint.returncode != 0 or lint.stderr.strip():
        bad.append("groff -ww: " + (lint.stderr.strip() or
                                    f"exit {lint.returncode}")[:300])
    for cmd in cmds:
        rc, helptext, err = run([cmd, "--help"])
        if rc != 0 or not helptext.startswith("usage: privmap " + cmd):
            bad.append(f"privmap {cmd} --help: exit {rc}, "
                       f"{(helptext or err)[:80]!r}")
            continue
        if not re.search(r'(^|\n)\.?B? ?privmap ' + re.escape(cmd) + r'\b',
                         synopsis) and f"privmap {cmd}" not in synopsis:
            bad.append(f"man SYNOPSIS lacks `privmap {cmd}`")
        if cmd != "scan" and not re.search(r'\b' + re.escape(cmd) + r'\b',
                                           subsect):
            bad.append(f"man SUBCOMMANDS lacks `{cmd}`")
        if f"privmap {cmd}" not in cli:
            bad.append(f"docs/cli.md lacks `privmap {cmd}`")
        # where --help offers an option: its usage lines (up to the first
        # blank line) and the lines that begin with the option
        usage_block = helptext.split("\n\n", 1)[0]
        synopsis_of = usage_block + "\n" + "\n".join(
            line for line in helptext.splitlines()
            if re.match(r'\s+(-[a-z], )?--[a-z]', line))
        m = re.search(r'--format ([a-z|-]+)', helptext)
        if m:
            for value in m.group(1).split("|"):
                if value and not re.search(r'\b' + value + r'\b', synopsis):
                    bad.append(f"man SYNOPSIS lacks --format {value} "
                               f"(privmap {cmd} --help lists it)")
        for name, kind in sorted(opts.items()):
            if name == "help":
                continue
            checked += 1
            ok = accepts(cmd, name, kind)
            named = re.search(r'--' + re.escape(name) + r'\b', synopsis_of)
            if name in shorts and re.search(r'(^|[\s\[])-' + shorts[name]
                                            + r'\b', synopsis_of):
                named = True
            if ok and not named:
                bad.append(f"privmap {cmd} accepts --{name}; "
                           "its --help does not say so")
            if not ok and named:
                bad.append(f"privmap {cmd} --help names --{name}, "
                           "which it refuses")
            if ok and not re.search(r'--' + re.escape(name) + r'\b',
                                    manplain):
                bad.append(f"man page lacks --{name} (privmap {cmd})")
            if ok and not re.search(r'--' + re.escape(name) + r'\b', cli):
                bad.append(f"docs/cli.md lacks --{name} (privmap {cmd})")
    for b in bad:
        print("FAIL:", b)
    print(f"{len(cmds)} subcommands, {len(opts)} long options, "
          f"{checked} pairs offered; {len(bad)} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
