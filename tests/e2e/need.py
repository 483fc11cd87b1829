"""need.py: the end-to-end tests' way to find a consumer program.

need(var, what, name=None) returns the path held in the environment
variable var (tools/setup.sh's privmap_consumers sets them), or the
program `name` found on PATH. When it is missing, the test ends: a skip
(exit 77) with the reason on a developer's machine, a failure (exit 1)
under CI=true, where a missing consumer is never a skip.
"""
import os
import shutil
import sys


def need(var, what, name=None):
    path = os.environ.get(var) or (shutil.which(name) if name else None)
    if path and os.access(path, os.X_OK):
        return path
    if os.environ.get("CI") == "true":
        print(f"FAIL: {what} is missing (${var} unset); tools/setup.sh "
              "installs it", file=sys.stderr)
        sys.exit(1)
    print(f"SKIP: {what} is missing (${var} unset); run ./test.sh to "
          "install it", file=sys.stderr)
    sys.exit(77)


def need_module(module, what):
    """Import a Python module or end the test the same way."""
    try:
        return __import__(module)
    except ImportError:
        if os.environ.get("CI") == "true":
            print(f"FAIL: {what} is missing (python module {module})",
                  file=sys.stderr)
            sys.exit(1)
        print(f"SKIP: {what} is missing (python module {module})",
              file=sys.stderr)
        sys.exit(77)
