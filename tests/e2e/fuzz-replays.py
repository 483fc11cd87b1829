#!/usr/bin/env python3
"""fuzz-replays.py

Every fuzz target is replayed by `make check` (issue 14): for each
tests/fuzz/NAME-fuzz.c of the source tree, its corpus tests/fuzz/corpus/NAME
holds at least one file, and the build holds tests/fuzz/NAME-replay (the
target linked with tests/fuzz/replay.c), which exists only when mk/fuzz.am
registers it among the check programs (and so among the tests). A target
added without its replay fails here instead of going unreplayed.

Exit 0 pass, 1 a target without a corpus or without its replay.
"""
import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR") or os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("TOP_BUILDDIR") or "."


def main():
    targets = sorted(glob.glob(os.path.join(TOP, "tests", "fuzz",
                                            "*-fuzz.c")))
    if not targets:
        print("FAIL no fuzz target under %s/tests/fuzz" % TOP)
        return 1
    bad = 0
    for src in targets:
        name = os.path.basename(src)[:-len("-fuzz.c")]
        corpus = os.path.join(TOP, "tests", "fuzz", "corpus", name)
        replay = os.path.join(BUILD, "tests", "fuzz", name + "-replay")
        files = [f for f in (os.listdir(corpus) if os.path.isdir(corpus)
                             else []) if not f.startswith(".")]
        if not files:
            print("FAIL %s: no corpus in tests/fuzz/corpus/%s" % (name, name))
            bad += 1
        if not os.access(replay, os.X_OK):
            print("FAIL %s: no tests/fuzz/%s-replay in the build: list it "
                  "in FUZZ_REPLAYS with its _SOURCES line (mk/fuzz.am)"
                  % (name, name))
            bad += 1
        if files and os.access(replay, os.X_OK):
            print("ok %s: %d corpus files, %s-replay built"
                  % (name, len(files), name))
    print("fuzz-replays: %d targets, %d failures" % (len(targets), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
