#!/usr/bin/env python3
"""graph-views.py: the escalation graph's pictures, read by their real
consumers: Graphviz's dot for --graph, headless Chromium for --graph-html.

A tree built at test time (run-fixture.py's builder) holds a two-hop
chain to root (agent may `sudo -u svc find`; svc owns the script root's
cron job runs), a three-hop chain (agent may write alice's ~/.bashrc,
alice bob's, bob is in docker) and a dead end whose account name is
hostile (quotes, DOT syntax, <script>, an entity), reached also through a
set-uid program in a directory whose name holds a newline. The scan
writes the JSON report (held to the contract), the DOT and the HTML; then:

- `dot -Tsvg` accepts the DOT (exit 0); the SVG holds every node and
  edge of the report's paths, the path edges with class "path", the cut's
  with class "cut", and no node the hostile name would have added;
- `privmap graph REPORT` gives the same DOT and HTML from the saved report;
  --graph with --no-graph is refused;
- the page's Content-Security-Policy allows its script by the SHA-256 of
  exactly that script, and names no source to load anything from;
- Chromium loads the page (--dump-dom after its script ran): every node
  and path edge is in the DOM, each edge a link to its finding whose
  target exists, the script counted no broken link, the hostile name is
  text and the script it holds never ran; a screenshot shows the paths
  drawn in their red (the pixels are counted).

Needs root (owners, set-id bits); dot and chromium through need.py (a
skip on a developer's machine, a failure under CI=true). Set
GRAPH_SHOTS=DIR to keep the screenshot, the DOT and the page there.
"""
import base64
import hashlib
import importlib.util
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from contract import check_report  # noqa: E402
from need import need  # noqa: E402

PRIVMAP = os.environ.get("PRIVMAP", "./privmap")
_spec = importlib.util.spec_from_file_location(
    "run_fixture", os.path.join(HERE, "run-fixture.py"))
rf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rf)

HOSTILE = ('m"];"root"->"pwn"[x="1"];//<script>document.body.'
           "setAttribute('data-pwned','1')</script>&amp;")
ODD_DIR = "/opt/odd\ndir"

FIXTURE = """\
user agent 1001 1001 /home/agent /bin/bash
user alice 1002 1002 /home/alice /bin/bash
user bob 1003 1003 /home/bob /bin/bash
user svc 900 900 /srv/svc /bin/sh
group docker 999 bob
scan-user agent
file /usr/bin/sudo 4755 root
file /usr/bin/find 0755 root
file /etc/sudoers 0440 root
| Defaults	env_reset
| root	ALL=(ALL:ALL) ALL
| agent	ALL=(svc) NOPASSWD: /usr/bin/find
file /usr/bin/dockerd 0755 root
socket /run/docker.sock 0660 root:docker
dir /etc/cron.d 0755 root
file /etc/cron.d/backup 0644 root
| * * * * * root /srv/svc/backup.sh
dir /srv/svc 0755 svc
file /srv/svc/backup.sh 0755 svc
| #!/bin/sh
dir /home/agent 0755 agent
file /home/agent/.bashrc 0644 agent
dir /home/alice 0755 alice
file /home/alice/.bashrc 0644 alice
acl /home/alice/.bashrc u:agent:rw
dir /home/bob 0755 bob
file /home/bob/.bashrc 0644 bob
acl /home/bob/.bashrc u:alice:rw
dir /home/hostile 0755 1666
file /home/hostile/.bashrc 0644 1666
acl /home/hostile/.bashrc u:agent:rw
"""

bad = []


def fail(msg):
    bad.append(msg)
    print("FAIL: " + msg)


def build(root):
    with tempfile.NamedTemporaryFile("w", suffix=".fix", delete=False) as f:
        f.write(FIXTURE)
    try:
        fx = rf.parse(f.name)
    finally:
        os.unlink(f.name)
    rf.build(fx, root)
    # what the fixture format cannot say: a name with quotes, and a
    # directory name with a newline
    with open(os.path.join(root, "etc/passwd"), "a") as f:
        f.write(HOSTILE + ":x:1666:1666::/home/hostile:/bin/bash\n")
    with open(os.path.join(root, "etc/group"), "a") as f:
        f.write("hostile:x:1666:\n")
    d = root + ODD_DIR
    os.makedirs(d)
    shutil.copy(os.path.join(root, "usr/bin/find"), d + "/find")
    os.chown(d + "/find", 1666, 1666)
    os.chmod(d + "/find", 0o4755)


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, timeout=300, **kw)


def path_edges(graph):
    """every hop of the listed paths, as (from, to, finding)"""
    return {(h["from"], h["to"], h["finding"])
            for p in graph.get("paths", []) for h in p["hops"]}


def check_graph(graph):
    hops = sorted(len(p["hops"]) for p in graph.get("paths", []))
    if 2 not in hops or 3 not in hops:
        fail(f"the report's paths have {hops} hops; a 2- and a 3-hop "
             "chain were built")
    nodes = {n["id"] for n in graph.get("nodes", [])}
    for want in ("user:agent", "user:alice", "user:bob", "user:svc",
                 "root", "user:" + HOSTILE):
        if want not in nodes:
            fail(f"graph node {want!r} missing")
    if not graph.get("cut", {}).get("findings"):
        fail("the graph has no cut")


# ---- the DOT, through dot -Tsvg ----------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def dot_text(s):
    """a name as privmap's DOT shows it (controls as \\xNN text), and as
    Graphviz writes it into SVG titles"""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: "\\x%02x" % ord(m.group()),
                  s)


def check_dot(dot, dotfile, graph, outdir):
    svgfile = os.path.join(outdir, "graph.svg")
    p = run([dot, "-Tsvg", dotfile, "-o", svgfile])
    if p.returncode != 0:
        fail(f"dot -Tsvg exited {p.returncode}: {p.stderr.decode()[:500]}")
        return
    if p.stderr.strip():
        fail(f"dot -Tsvg warned: {p.stderr.decode()[:500]}")
    tree = ET.parse(svgfile)
    nodes, edges = {}, {}
    for g in tree.iter(SVG + "g"):
        cls = (g.get("class") or "").split()
        title = g.find(SVG + "title")
        if title is None:
            continue
        if "node" in cls:
            nodes[title.text] = cls
        elif "edge" in cls:
            edges.setdefault(title.text, []).append(cls)
    if any("pwn" in n for n in nodes if not n.startswith("user:m")):
        fail(f"the hostile name added a node: {sorted(nodes)}")
    drawn = {n["id"] for n in graph["nodes"] if n.get("distance") is not None}
    drawn.add("root")
    if set(nodes) != {dot_text(n) for n in drawn}:
        fail(f"dot drew the nodes {sorted(nodes)}, the report reaches "
             f"{sorted(drawn)}")
    cut = set(graph["cut"]["findings"])
    pe = path_edges(graph)
    for frm, to, fid in pe:
        t = dot_text(frm) + "->" + dot_text(to)
        if t not in edges:
            fail(f"path edge {t} not drawn by dot")
            continue
        if not any("path" in c for c in edges[t]):
            fail(f"path edge {t} not marked: {edges[t]}")
        for n in (frm, to):
            if "path" not in nodes.get(dot_text(n), []):
                fail(f"node {n!r} of a path not marked")
        if fid in cut and not any("cut" in c for c in edges[t]):
            fail(f"cut edge {t} ({fid}) not marked")
    n_edges = sum(len(v) for v in edges.values())
    want = sum(1 for e in graph["edges"]
               if e["from"] in drawn and e["to"] in drawn)
    if n_edges != want:
        fail(f"dot drew {n_edges} edges, the report has {want} between "
             "the identities reached")
    print(f"dot: {len(nodes)} nodes, {n_edges} edges, {len(pe)} path hops "
          "marked")


# ---- the page, through headless Chromium -------------------------------

class Dom(HTMLParser):
    """what the checks need of the DOM Chromium dumped"""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.nodes, self.edges, self.links = set(), {}, [], []
        self.scripts, self.body, self.text, self.meta = 0, {}, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self.scripts += 1
        if tag == "body":
            self.body = a
        if tag == "meta":
            self.meta.append(a)
        if tag == "g" and "node" in cls:
            self.nodes[a.get("data-id")] = cls
        if tag == "a" and "edge" in cls:
            self.edges.append((a.get("data-finding"), a.get("href"), cls))
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(a["href"][1:])

    def handle_data(self, data):
        self.text.append(data)


def chromium_run(chromium, args, profile):
    return run([chromium, "--headless", "--disable-gpu", "--no-sandbox",
                "--user-data-dir=" + profile, "--no-first-run",
                "--disable-extensions"] + args,
               env=dict(os.environ, HOME=profile))


def check_csp(html):
    m = re.search(r'<meta http-equiv="Content-Security-Policy" '
                  r'content="([^"]*)">', html)
    s = re.findall(r"<script>(.*?)</script>", html, re.S)
    if not m or len(s) != 1:
        fail("the page has no CSP, or not one script")
        return
    csp = m.group(1)
    h = base64.b64encode(hashlib.sha256(s[0].encode()).digest()).decode()
    if f"script-src 'sha256-{h}'" not in csp:
        fail(f"the CSP {csp!r} does not allow the page's script "
             f"(sha256-{h})")
    if "default-src 'none'" not in csp or re.search(r"https?:|\*", csp):
        fail(f"the CSP lets the page load something: {csp!r}")
    if re.search(r'\b(src|href)="(?!#)', html):
        fail("the page names something to load")


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit PNG"""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, inter = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6) and inter == 0, "unusual PNG"
    bpp = 3 if ctype == 2 else 4
    raw, stride, prev, rows = zlib.decompress(idat), w * bpp, None, []
    for y in range(h):
        ft, line = raw[y * (stride + 1)], bytearray(
            raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        prev = prev or bytearray(stride)
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def count_colour(path, rgb, tol=24):
    w, h, bpp, rows = png_pixels(path)
    n = 0
    for row in rows:
        for x in range(0, w * bpp, bpp):
            if all(abs(row[x + k] - rgb[k]) <= tol for k in range(3)):
                n += 1
    return n


def check_html(chromium, htmlfile, graph, outdir):
    with open(htmlfile, encoding="utf-8") as f:
        html = f.read()
    check_csp(html)
    profile = tempfile.mkdtemp(prefix="privmap-chromium-")
    try:
        url = "file://" + htmlfile
        p = chromium_run(chromium, ["--dump-dom", url], profile)
        if p.returncode != 0 or b"<body" not in p.stdout:
            fail(f"chromium --dump-dom exited {p.returncode}: "
                 f"{p.stderr.decode()[-500:]}")
            return
        shot = os.path.join(outdir, "graph.png")
        q = chromium_run(chromium, ["--screenshot=" + shot,
                                    "--window-size=1400,1000",
                                    "--hide-scrollbars", url], profile)
        if q.returncode != 0 or not os.path.isfile(shot):
            fail(f"chromium --screenshot exited {q.returncode}: "
                 f"{q.stderr.decode()[-500:]}")
            return
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    dom = Dom()
    dom.feed(p.stdout.decode())
    b = dom.body
    if b.get("data-ready") != "1":
        fail(f"the page's script did not run (body {b})")
    if b.get("data-broken") != "0" or int(b.get("data-links", "0")) < 5:
        fail(f"the script counted broken or too few links to findings: {b}")
    if "data-pwned" in b or dom.scripts != 1:
        fail(f"a script from the target ran or was parsed: body {b}, "
             f"{dom.scripts} script elements")
    text = "".join(dom.text)
    if HOSTILE not in text:
        fail("the hostile name is not shown as text")
    if "/opt/odd\\x0adir/find" not in text:
        fail("the newline of a path is not shown as \\x0a")
    for href in dom.links:
        if href not in dom.ids:
            fail(f"link #{href} leads nowhere")
    drawn = {n["id"] for n in graph["nodes"] if n.get("distance") is not None}
    drawn.add("root")
    if set(dom.nodes) != drawn:
        fail(f"the page drew the nodes {sorted(dom.nodes)}, the report "
             f"reaches {sorted(drawn)}")
    for frm, to, fid in path_edges(graph):
        for n in (frm, to):
            if "path" not in dom.nodes.get(n, []):
                fail(f"node {n!r} of a path not drawn as one")
        e = [x for x in dom.edges if x[0] == fid and "path" in x[2]]
        if not e:
            fail(f"path edge {frm} -> {to} ({fid}) not drawn as one")
        elif e[0][1][1:] not in dom.ids:
            fail(f"edge {fid} links to {e[0][1]}, which is not on the page")
        if fid in graph["cut"]["findings"] and not any("cut" in x[2]
                                                       for x in e):
            fail(f"cut edge {fid} not marked")
    # the cut comes first
    if html.find('<section id="cut">') > html.find("<svg"):
        fail("the cut is not shown before the graph")
    red = count_colour(shot, (0xc0, 0x39, 0x2b))
    rootfill = count_colour(shot, (0xf5, 0xb7, 0xb1), 6)
    print(f"chromium: {len(dom.nodes)} nodes, {len(dom.edges)} edges in the "
          f"DOM, {b.get('data-links')} links resolved; screenshot: {red} "
          f"path-red pixels, {rootfill} of root's fill")
    if red < 400 or rootfill < 2000:
        fail("the screenshot does not show the paths to root drawn")


def main():
    if os.geteuid() != 0:
        print("SKIP: building the tree needs root (owners, set-id bits)")
        return 77
    dot = need("PRIVMAP_DOT", "Graphviz's dot (Debian package graphviz)",
               "dot")
    chromium = need("PRIVMAP_CHROMIUM", "Chromium (Debian package "
                    "chromium)", "chromium")
    work = tempfile.mkdtemp(prefix="privmap-gv-")
    try:
        root = os.path.join(work, "root")
        out = os.path.join(work, "out")
        os.makedirs(root)
        os.makedirs(out)
        build(root)
        rep = os.path.join(out, "report.json")
        dotf = os.path.join(out, "graph.dot")
        htmlf = os.path.join(out, "graph.html")
        p = run([PRIVMAP, "scan", "--root", root, "--user", "agent", "-q",
                 "--fail-on", "none", "--format", "json", "-o", rep,
                 "--graph", dotf, "--graph-html", htmlf])
        if p.returncode != 0:
            print(f"FAIL: privmap scan exited {p.returncode}: "
                  f"{p.stderr.decode()}")
            return 1
        for v in check_report(rep, root):
            fail(v)
        with open(rep, encoding="utf-8") as f:
            graph = json.load(f).get("graph")
        if not isinstance(graph, dict):
            print("FAIL: the report has no graph member")
            return 1
        check_graph(graph)
        q = run([PRIVMAP, "scan", "--root", root, "--user", "agent", "-q",
                 "--no-graph", "--graph", dotf + ".x"])
        if q.returncode != 2 or os.path.exists(dotf + ".x"):
            fail(f"--graph with --no-graph: exit {q.returncode}, expected 2 "
                 "and no file")
        for fmt, want in (("dot", dotf), ("html", htmlf)):
            q = run([PRIVMAP, "graph", "--format", fmt, rep])
            with open(want, "rb") as f:
                if q.returncode != 0 or q.stdout != f.read():
                    fail(f"privmap graph --format {fmt} of the saved "
                         f"report differs from the scan's (exit "
                         f"{q.returncode}: {q.stderr.decode()[:300]})")
        check_dot(dot, dotf, graph, out)
        check_html(chromium, htmlf, graph, out)
        keep = os.environ.get("GRAPH_SHOTS")
        if keep:
            os.makedirs(keep, exist_ok=True)
            for n in ("graph.png", "graph.dot", "graph.html", "graph.svg",
                      "report.json"):
                if os.path.exists(os.path.join(out, n)):
                    shutil.copy(os.path.join(out, n), keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if bad:
        print(f"FAIL: {len(bad)} problems")
        return 1
    print("PASS: the graph's DOT and HTML drawn as the report says")
    return 0


if __name__ == "__main__":
    sys.exit(main())
