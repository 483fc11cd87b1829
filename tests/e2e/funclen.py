#!/usr/bin/env python3
"""funclen.py [--list]

No function of privmap's C sources over 120 lines (issue 14), except the
few parsers' state machines named in ALLOW below with why; and the scan
subcommand's function (cmd_scan, in cli/scan.c) under 80. An entry of
ALLOW that no longer needs its exemption (the function is gone or has
come under the limit) fails too, so that the list only shrinks.

A function's length is counted from the line of its opening brace to the
line of its closing brace, both included. The sources are read as C, not
by layout: comments, string and character literals and preprocessor lines
are skipped, and a function is a brace block at file level whose header
(the text since the last `;`, `}` or directive at file level) holds a
parenthesis and no `=` outside parentheses (not an initialiser, struct or
enum). A file whose braces do not balance fails, so a source this reader
cannot follow is never passed over; and the reader is checked on a sample
of its own before the sources.

Sources: privmap.c and every .c file below cli/ checks/ output/ watch/
engine/ parse/ lib/ known/ scanner/ (whichever exist). Not tests/.

--list prints every function over 80 lines, longest first, and exits 0.

Exit 0 pass, 1 a function too long, a stale exemption or an unreadable
source.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR") or os.path.dirname(os.path.dirname(HERE))

LIMIT = 120
# the scan subcommand's function wherever it lives (cli/scan.c since the
# split of issue 14), by any of these names
SCAN_NAMES = ("cmd_scan", "cli_scan")
SCAN_LIMIT = 80
FOLDERS = ("cli", "checks", "output", "watch", "engine", "parse", "lib",
           "known", "scanner")

# (file name, function) -> why it may exceed LIMIT. The file is matched by
# its name alone, so an entry follows its file from folder to folder.
ALLOW = {
    ("cmdexec.c", "sh_run"):
        "the shell grammar's state machine: one loop over tokens whose "
        "states (case/esac, for/do, [[ ]], the nesting stack) are its "
        "locals",
    ("auditlog.c", "event_fill"):
        "the audit event's state machine: one loop over the records of an "
        "event (SYSCALL, EXECVE, PATH, CWD, SOCKADDR, PROCTITLE) filling "
        "the accumulators the later records complete",
    ("svcconf.c", "containerd_toml_parse"):
        "containerd's TOML reader: one loop over lines whose state (the "
        "current table, a multi-line value being skipped) is its locals",
}

TOKEN = re.compile(r"""
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')
  | (?P<newline>\n)
  | (?P<char>[{}();=])
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>.)
""", re.S | re.X)


class Unreadable(Exception):
    pass


def strip_directives(text):
    """Blank every preprocessor line (with its continuations), keeping
    the newlines so that line numbers stay true."""
    out = []
    cont = False
    for line in text.split("\n"):
        if cont or line.lstrip().startswith("#"):
            cont = line.endswith("\\")
            out.append(";")		# a directive ends a header
        else:
            out.append(line)
    return "\n".join(out)


def functions(text):
    """[(name, first line, last line)] of the functions defined in text."""
    found = []
    depth = 0
    line = 1
    header = []		# significant tokens at file level since ; or }
    parens = 0		# parenthesis depth within the header
    start = None
    for m in TOKEN.finditer(strip_directives(text)):
        kind, tok = m.lastgroup, m.group()
        line += tok.count("\n")  # a string may go on past a \ newline
        if kind == "comment" or kind == "newline":
            continue
        if kind == "other" and tok.isspace():
            continue
        if depth == 0:
            if tok == "{":
                depth = 1
                start = (function_name(header), line)
                header = []
                continue
            if tok == "}":
                raise Unreadable("line %d: '}' at file level" % line)
            if tok == ";":
                header, parens = [], 0
                continue
            if tok == "(":
                parens += 1
            elif tok == ")":
                parens -= 1
            elif tok == "=" and parens == 0:
                header.append("=")
                continue
            header.append(tok)
            continue
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
            if depth == 0:
                if start[0] is not None:
                    found.append((start[0], start[1], line))
                header, parens = [], 0
    if depth != 0:
        raise Unreadable("braces do not balance (%d open at the end)" % depth)
    return found


def function_name(header):
    """The name a function header defines, or None for a brace block that
    is not a function (initialiser, struct, union, enum)."""
    if "=" in header or "(" not in header:
        return None
    i = header.index("(")
    # the identifier before the first parenthesis; a declarator such as
    # (*name(args))(args) is not used in privmap: then none is found
    if i == 0 or not re.fullmatch(r"[A-Za-z_]\w*", header[i - 1]):
        raise Unreadable("a function header privmap's style does not "
                         "use: %s" % " ".join(header[:12]))
    return header[i - 1]


SAMPLE = """/* sample: { in a comment */
#define BLOCK(x) do { x; } while (0)
static const char *tab[] = { "}", "{" };
struct s { int a; };
static const char *cont = "a string on \\
two lines { and a brace";

static int
short_one(int a)
{
	return a == '}' ? '{' : 0;
}

int
long_one(const char *s,
    int b)
{
	// a } in a line comment
%s}
"""


def self_check():
    """The reader on a sample whose answer is known."""
    text = SAMPLE % ("\tb++;\n" * 130)
    want = [("short_one", 10, 12), ("long_one", 17, 149)]
    got = functions(text)
    if got != want:
        print("funclen: the reader is wrong on its sample: %r, want %r"
              % (got, want))
        return False
    try:
        functions("int\nf(void)\n{\n")
    except Unreadable:
        return True
    print("funclen: the reader accepted unbalanced braces")
    return False


def sources():
    out = []
    if os.path.exists(os.path.join(TOP, "privmap.c")):
        out.append("privmap.c")
    for d in FOLDERS:
        for root, dirs, files in os.walk(os.path.join(TOP, d)):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(".c"):
                    out.append(os.path.relpath(os.path.join(root, f), TOP))
    return out


def main():
    listing = sys.argv[1:] == ["--list"]
    if not self_check():
        return 1
    files = sources()
    if "privmap.c" not in files or len(files) < 50:
        print("funclen: found %d sources under %s, not privmap's"
              % (len(files), TOP))
        return 1
    bad = 0
    nfunc = 0
    used = set()
    scan = []
    rows = []
    for path in files:
        with open(os.path.join(TOP, path), encoding="utf-8",
                  errors="surrogateescape") as fp:
            text = fp.read()
        try:
            found = functions(text)
        except Unreadable as e:
            print("FAIL %s: %s" % (path, e))
            bad += 1
            continue
        for name, first, last in found:
            nfunc += 1
            n = last - first + 1
            rows.append((n, path, name, first))
            key = (os.path.basename(path), name)
            if name in SCAN_NAMES:
                scan.append((path, name, n))
            if n <= LIMIT and (name not in SCAN_NAMES or n <= SCAN_LIMIT):
                continue
            if key in ALLOW:
                used.add(key)
                continue
            if n > LIMIT:
                print("FAIL %s:%d: %s is %d lines (over %d): split it"
                      % (path, first, name, n, LIMIT))
                bad += 1
            elif name in SCAN_NAMES and n > SCAN_LIMIT:
                print("FAIL %s:%d: %s is %d lines (over %d for the scan "
                      "subcommand)" % (path, first, name, n, SCAN_LIMIT))
                bad += 1
    if listing:
        for n, path, name, first in sorted(rows, reverse=True):
            if n > 80:
                print("%4d %s:%d %s" % (n, path, first, name))
        return 0
    if not scan:
        print("FAIL the scan subcommand's function (%s) is not found: "
              "name its successor in SCAN_NAMES" % ", ".join(SCAN_NAMES))
        bad += 1
    for key in sorted(ALLOW):
        if key in used:
            print("allowed %s %s: %s" % (key[0], key[1], ALLOW[key]))
        else:
            print("FAIL allowlist entry %s %s is no longer needed (gone "
                  "or under the limit): remove it" % key)
            bad += 1
    for path, name, n in scan:
        print("scan subcommand: %s %s, %d lines" % (path, name, n))
    print("funclen: %d functions in %d files, %d over %d, %d failures"
          % (nfunc, len(files), sum(1 for r in rows if r[0] > LIMIT), LIMIT,
             bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
