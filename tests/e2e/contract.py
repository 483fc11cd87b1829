"""contract.py: the end-to-end tests' way to hold a report to the contract.

check_report(path, root=None) runs tests/contract/check-report.py
--strict (the JSON Schema docs/report.schema.json, the contract's own
rules, and no member the schema does not name) on a
JSON report privmap wrote, with --root when the scan was of a directory,
and returns the violations as a list of lines: empty when the report
meets the contract. A checker that cannot run (python3-jsonschema
missing, the checker or schema not found) is a violation too, never a
pass. The checker is found under $TOP_SRCDIR, else beside this tree.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def checker():
    top = os.environ.get("TOP_SRCDIR") or os.path.join(HERE, "..", "..")
    return os.path.join(top, "tests", "contract", "check-report.py")


def check_report(path, root=None):
    c = checker()
    if not os.path.isfile(c):
        return [f"the contract checker {c} is missing"]
    argv = [sys.executable, c, "-q", "--strict"] + \
        (["--root", root] if root else []) + [path]
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=120)
    if p.returncode == 0:
        print(f"contract: {os.path.basename(path)} meets privmap.report/1")
        return []
    lines = [x for x in p.stdout.splitlines() if x.strip()]
    return [f"contract (exit {p.returncode}): {x}" for x in lines] or \
        [f"contract: the checker exited {p.returncode}"]


def check_doc(doc, tmpdir, root=None, name="report.json"):
    """The same for a report already parsed or held as text."""
    path = os.path.join(tmpdir, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc if isinstance(doc, str) else json.dumps(doc))
    try:
        return check_report(path, root)
    finally:
        os.unlink(path)
