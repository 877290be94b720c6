#!/usr/bin/env python3
"""make stack: the deepest stack paths of the protocol core, from GCC's -fcallgraph-info=su.

Reads every .ci file under a build directory, joins the per-file call graphs, and prints for
each entry point the deepest call path with the bytes each frame uses. Calls through the crypto
ops table or the I/O callbacks are indirect: they are shown as such, and their cost is the
backend's (OpenSSL's), not the core's.
"""
import glob
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
BYTES = re.compile(r'\\n(\d+) bytes \(([^)]*)\)')

ENTRIES = ["cspdm_authenticate", "cspdm_step", "cspdm_measure", "cspdm_reauthenticate",
           "cspdm_responder_process"]


def short(title):
    return title.rsplit(":", 1)[-1]


def load(build):
    frames, edges = {}, {}
    for path in glob.glob(os.path.join(build, "**", "*.ci"), recursive=True):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = NODE.search(line)
                if m:
                    b = BYTES.search(m.group(2))
                    if b:
                        frames[m.group(1)] = (int(b.group(1)), b.group(2))
                    continue
                m = EDGE.search(line)
                if m:
                    edges.setdefault(m.group(1), set()).add(m.group(2))
    return frames, edges


def resolve(title, frames):
    """An external reference names the function; a static one carries its file."""
    if title in frames:
        return title
    return title if title == "__indirect_call" else None


def deepest(fn, frames, edges, memo, stack):
    if fn in memo:
        return memo[fn]
    if fn in stack:
        return (0, [fn + " (recursion!)"])
    own = frames.get(fn, (0, ""))[0]
    best = (0, [])
    stack.add(fn)
    for callee in edges.get(fn, ()):
        if callee == "__indirect_call":
            cand = (0, ["<indirect call: crypto op or I/O callback>"])
        else:
            target = resolve(callee, frames)
            if not target:
                continue
            cand = deepest(target, frames, edges, memo, stack)
        if cand[0] > best[0] or (cand[0] == best[0] and len(cand[1]) > len(best[1])):
            best = cand
    stack.discard(fn)
    memo[fn] = (own + best[0], [fn] + best[1])
    return memo[fn]


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build-stack"
    frames, edges = load(build)
    if not frames:
        print("stack: no .ci files under %s (build with -fcallgraph-info=su)" % build)
        return 1
    memo = {}
    for entry in ENTRIES:
        if entry not in frames:
            continue
        total, path = deepest(entry, frames, edges, memo, set())
        print("%s: %d bytes at most in the core" % (entry, total))
        for fn in path:
            b = frames.get(fn)
            print("    %6s  %s" % ("%d" % b[0] if b else "", short(fn)))
    dyn = [short(t) for t, (n, kind) in frames.items() if "dynamic" in kind and "bounded" not in kind]
    print("unbounded dynamic frames: %s" % (", ".join(sorted(dyn)) if dyn else "none"))
    top = sorted(frames.items(), key=lambda kv: -kv[1][0])[:5]
    print("largest frames: " + ", ".join("%s %d" % (short(t), n) for t, (n, _) in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
