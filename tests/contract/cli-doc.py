#!/usr/bin/env python3
"""cli-doc.py: docs/cli.md names every subcommand and option privmap takes.

The subcommands are read from privmap.c's cmd_table, the options from
every `struct option` table in it and in cli/ (EXTRAS_LONGOPTS included)
and the short options from their getopt_long strings; each must appear in
docs/cli.md (a subcommand as `privmap NAME`, an option as `--NAME` or
`-X`), so the CLI reference cannot fall behind the code. It reads only
the source tree and runs nothing.

Environment: TOP_SRCDIR (else found from this file). Exit 0 pass, 1 fail.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR") or os.path.join(HERE, "..", "..")


def main():
    with open(os.path.join(TOP, "privmap.c"), encoding="utf-8") as f:
        src = f.read()
    # the subcommands' option tables, in cli/
    cli = os.path.join(TOP, "cli")
    for name in sorted(os.listdir(cli)):
        if name.endswith(".c") or name.endswith(".h"):
            with open(os.path.join(cli, name), encoding="utf-8") as f:
                src += f.read()
    with open(os.path.join(TOP, "docs", "cli.md"), encoding="utf-8") as f:
        doc = f.read()
    m = re.search(r"cmd_table\[\]\s*=\s*\{(.*?)\n\};", src, re.S)
    cmds = re.findall(r'\{\s*"([a-z-]+)",\s*cmd_', m.group(1)) if m else []
    longs = set(re.findall(r'\{\s*"([a-z][a-z-]*)",\s*(?:no|required|'
                           r'optional)_argument', src))
    shorts = set()
    for s in re.findall(r'getopt_long\([^,]+,[^,]+,\s*"([^"]*)"', src):
        shorts.update(c for c in s if c.isalpha())
    bad = []
    if len(cmds) < 6 or len(longs) < 20:
        bad.append(f"the tables of privmap.c and cli/ were not found ({len(cmds)} "
                   f"subcommands, {len(longs)} options): update this test")
    for c in cmds:
        if f"privmap {c}" not in doc and f"`{c}`" not in doc:
            bad.append(f"subcommand {c} is not in docs/cli.md")
    for o in sorted(longs):
        if not re.search(r"--" + re.escape(o) + r"(?![a-z-])", doc):
            bad.append(f"option --{o} is not in docs/cli.md")
    for o in sorted(shorts):
        if not re.search(r"(?<![\w-])-" + o + r"(?![\w-])", doc):
            bad.append(f"option -{o} is not in docs/cli.md")
    for b in bad:
        print("FAIL: " + b)
    if bad:
        return 1
    print(f"PASS: docs/cli.md names {len(cmds)} subcommands, {len(longs)} "
          f"long and {len(shorts)} short options")
    return 0


if __name__ == "__main__":
    sys.exit(main())
