#!/bin/sh
# outputs.sh: the close-and-watch outputs checked by their consumers' own
# parsers: the remediation script by sh -n (and shellcheck when it is
# installed) and, as root, applied to a directory tree it must change
# exactly as it says; policies by a JSON parser, the JSON Schema in
# docs/policy.schema.json (with python3-jsonschema), TOML (python3
# tomllib) and Python's parser for the Starlark rules; the Claude Code
# hook run on tool calls it must block and pass; SARIF's required
# properties. The outputs come from tests/unit/output-test --emit (the
# sample report of the unit tests, the same hostile path included).
#
# Exit: 0 pass, 1 fail, 77 skip (no python3).
set -u

TOP_BUILDDIR=${TOP_BUILDDIR:-.}
TOP_SRCDIR=${TOP_SRCDIR:-.}
OT=$TOP_BUILDDIR/tests/unit/output-test
FAILS=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/privmap-outputs.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

fail() {
	echo "FAIL: $*"
	FAILS=$((FAILS + 1))
}

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed to parse the outputs"
	exit 77
fi

for f in audit audit-base audit-immutable generic claude-code \
    claude-code-hook codex codex-rules fix sarif; do
	"$OT" --emit "$f" >"$TMP/$f" || fail "output-test --emit $f"
done

# ---- the remediation script -------------------------------------------
sh -n "$TMP/fix" || fail "sh -n on the fix script"
if command -v dash >/dev/null 2>&1; then
	dash -n "$TMP/fix" || fail "dash -n on the fix script"
fi
if command -v shellcheck >/dev/null 2>&1; then
	shellcheck -s sh "$TMP/fix" || fail "shellcheck on the fix script"
else
	echo "SKIP: shellcheck is not installed (apt-get install shellcheck);" \
	    "sh -n only"
fi

# ---- policies and SARIF -------------------------------------------------
python3 - "$TMP" "$TOP_SRCDIR/docs/policy.schema.json" <<'EOF' || fail "policy/SARIF parse"
import ast, json, os, sys
tmp, schema_path = sys.argv[1], sys.argv[2]
bad = 0
def no(msg):
    global bad
    print("FAIL:", msg)
    bad += 1

gen = json.load(open(os.path.join(tmp, "generic")))
schema = json.load(open(schema_path))
try:
    import jsonschema
    jsonschema.validate(gen, schema)
    print("generic policy: valid against docs/policy.schema.json")
except ImportError:
    print("SKIP: python3-jsonschema not installed; checking required keys")
    for k in schema["required"]:
        if k not in gen:
            no("generic policy lacks " + k)
    for e in gen.get("deny", []):
        for k in schema["$defs"]["deny"]["required"]:
            if k not in e:
                no("deny entry lacks " + k)
except jsonschema.ValidationError as e:
    no("generic policy: " + e.message)
want = {("group", "docker"), ("write", "/etc/sudoers.d"),
        ("read", "/etc/shadow"), ("connect", "/run/docker.sock"),
        ("exec", "/usr/bin/find"), ("port", "127.0.0.1:2375")}
have = {(e["action"], e["target"]) for e in gen["deny"]}
for w in sorted(want - have):
    no("generic policy lacks deny %s %s" % w)

cc = json.load(open(os.path.join(tmp, "claude-code")))
deny = cc["permissions"]["deny"]
for r in ["Bash(docker *)", "Edit(//etc/sudoers.d/**)", "Read(//etc/shadow)",
          "Bash(/usr/bin/find *)"]:
    if r not in deny:
        no("claude-code lacks " + r)
if deny != sorted(set(deny)):
    no("claude-code deny rules not sorted and unique")
for r in deny:
    if not (r.endswith(")") and r.split("(")[0] in
            ("Bash", "Edit", "Read", "WebFetch")):
        no("claude-code rule shape: " + r)
hook = json.load(open(os.path.join(tmp, "claude-code-hook")))
cmd = hook["hooks"]["PreToolUse"][0]["hooks"][0]["command"]
open(os.path.join(tmp, "hook-cmd"), "w").write(cmd)

try:
    import tomllib
    t = tomllib.load(open(os.path.join(tmp, "codex"), "rb"))
    if t.get("sandbox_mode") != "workspace-write" or \
       t.get("sandbox_workspace_write", {}).get("network_access") is not False:
        no("codex config: sandbox or network settings missing")
    print("codex config: parsed by tomllib")
except ImportError:
    print("SKIP: tomllib (python 3.11) missing; codex config not parsed")

# Starlark's call and literal syntax is Python's: parse it as Python
tree = ast.parse(open(os.path.join(tmp, "codex-rules")).read())
pats = []
for node in tree.body:
    c = node.value
    if not (isinstance(c, ast.Call) and c.func.id == "prefix_rule"):
        no("codex rules: not a prefix_rule call")
        continue
    kw = {k.arg: ast.literal_eval(k.value) for k in c.keywords}
    if kw.get("decision") != "forbidden" or not kw.get("justification"):
        no("codex rules: decision or justification")
    pats.append(kw["pattern"])
for p in (["/usr/bin/find"], ["docker"], ["sg", "docker"]):
    if p not in pats:
        no("codex rules lack %r" % p)

s = json.load(open(os.path.join(tmp, "sarif")))
if s.get("version") != "2.1.0" or not isinstance(s.get("runs"), list):
    no("sarif: version/runs")
run = s["runs"][0]
drv = run["tool"]["driver"]
if drv.get("name") != "privmap":
    no("sarif: tool.driver.name")
ids = [r["id"] for r in drv["rules"]]
for r in drv["rules"]:
    p = r.get("properties", {})
    if not isinstance(p.get("security-severity"), str) or \
       "security" not in p.get("tags", []):
        no("sarif rule %s: security-severity/tags" % r["id"])
for res in run["results"]:
    if "text" not in res.get("message", {}):
        no("sarif result without message.text")
    if res.get("level") not in ("error", "warning", "note", "none"):
        no("sarif result level")
    if ids[res["ruleIndex"]] != res["ruleId"]:
        no("sarif ruleIndex")
    if not res.get("partialFingerprints", {}).get("primaryLocationLineHash"):
        no("sarif primaryLocationLineHash")
    for loc in res["locations"]:
        u = loc["physicalLocation"]["artifactLocation"]["uri"]
        if any(ord(ch) <= 32 or ord(ch) >= 127 or ch in '"<>\\^`{|}'
               for ch in u):
            no("sarif uri not a URI reference: %r" % u)
sys.exit(1 if bad else 0)
EOF

# the hook blocks a call naming a path and lets others through
CMD=$(cat "$TMP/hook-cmd")
printf '%s' '{"tool_name":"Bash","tool_input":{"command":"echo x > /etc/sudoers.d/y"}}' |
    sh -c "$CMD" 2>/dev/null
[ $? = 2 ] || fail "the hook let a write to /etc/sudoers.d through"
printf '%s' '{"tool_name":"Bash","tool_input":{"command":"ls /home"}}' |
    sh -c "$CMD" 2>/dev/null || fail "the hook blocked an unrelated call"

# ---- auditd rules: augenrules' and auditctl's view ----------------------
grep -q '^-[Deb] \|^-f ' "$TMP/audit" && fail "control line in the drop-in"
grep -q ' -[ic]\( \|$\)' "$TMP/audit" && fail "-i or -c in the drop-in"
grep '^-' "$TMP/audit" | awk 'length($0) > 6142 { exit 1 }' ||
    fail "a rule longer than auditctl's line"
grep -q '^-D$' "$TMP/audit-base" || fail "no -D in the base file"
grep -q '^-e 2$' "$TMP/audit-immutable" || fail "no -e 2 in the immutable file"

# ---- the script applied to a tree (root: owners, setuid bits, caps) ----
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: not root: the fix script is not applied to a tree"
elif ! command -v setfacl >/dev/null 2>&1 ||
    ! command -v setcap >/dev/null 2>&1; then
	echo "SKIP: setfacl/setcap missing: the fix script is not applied"
else
	R=$TMP/root
	mkdir -p "$R/etc/sudoers.d" "$R/etc/cron.d" "$R/usr/bin" \
	    "$R/opt/tool/bin" "$R/run" "$R/srv"
	printf 'root:x:0:0::/root:/bin/sh\nagent:x:1001:1001::/:/bin/sh\n' \
	    >"$R/etc/passwd"
	printf 'root:x:0:\ndocker:x:998:agent,bob\nagent:x:1001:\n' \
	    >"$R/etc/group"
	printf 'root:*::\ndocker:!::agent,bob\nagent:!::\n' >"$R/etc/gshadow"
	printf 'root:*::0:::::\n' >"$R/etc/shadow"
	chmod 0644 "$R/etc/shadow"
	setfacl -m u:1001:rw "$R/etc/shadow"
	printf '#!/bin/sh\n' >"$R/usr/bin/find"
	chmod 4755 "$R/usr/bin/find"
	printf '#!/bin/sh\n' >"$R/opt/tool/bin/helper"
	chmod 2755 "$R/opt/tool/bin/helper"
	printf '#!/bin/sh\n' >"$R/usr/bin/python3.11"
	setcap cap_setuid+ep "$R/usr/bin/python3.11"
	chmod 0777 "$R/usr/bin" "$R/etc/sudoers.d"
	python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
	    "$R/run/docker.sock"
	chmod 0666 "$R/run/docker.sock"
	ODD="$R/etc/cron.d/it's
odd $(printf '\377')"
	printf 'x\n' >"$ODD"
	chmod 0666 "$ODD"
	# a decoy the script must not touch: a world-writable file it does
	# not name
	printf 'x\n' >"$R/srv/other"
	chmod 0666 "$R/srv/other"

	snap() {
		(cd "$R" && find . ! -name '.pwd.lock' ! -name '*-' \
		    -exec stat -c '%a %u %g %n' {} + | LC_ALL=C sort
		getcap -r "$R" 2>/dev/null | sed "s|$R||" | LC_ALL=C sort
		getfacl -R -cn "$R" 2>/dev/null | LC_ALL=C sort | cksum
		cat "$R/etc/group")
	}
	"$OT" --emit fix --root "$R" >"$TMP/fix-r" || fail "fix for the tree"
	snap >"$TMP/before"
	sh "$TMP/fix-r" >"$TMP/dry.out" 2>&1 || fail "the dry run failed"
	snap >"$TMP/dry"
	cmp -s "$TMP/before" "$TMP/dry" || fail "the dry run changed the tree"
	grep -q '^would run: chmod u-s ' "$TMP/dry.out" ||
	    fail "the dry run does not show its commands"
	sh "$TMP/fix-r" --apply >"$TMP/apply.out" 2>&1 ||
	    { cat "$TMP/apply.out"; fail "--apply failed"; }
	snap >"$TMP/after"
	echo "changes made by --apply:"
	diff "$TMP/before" "$TMP/after" | sed 's/^/    /'
	[ ! -u "$R/usr/bin/find" ] || fail "setuid bit still on find"
	[ ! -g "$R/opt/tool/bin/helper" ] || fail "setgid bit still on helper"
	[ -z "$(getcap "$R/usr/bin/python3.11")" ] || fail "caps still set"
	[ -z "$(find "$R/etc/sudoers.d" "$R/usr/bin" "$R/run/docker.sock" \
	    "$ODD" -prune -perm -0002)" ] || fail "still world-writable"
	[ -z "$(find "$R/etc/shadow" -perm -0004)" ] || fail "shadow readable"
	getfacl -cn "$R/etc/shadow" 2>/dev/null | grep -q '^user:1001:' &&
	    fail "the ACL entry for the user is still on shadow"
	grep -q '^docker:x:998:bob$' "$R/etc/group" ||
	    fail "agent still in docker (or bob removed)"
	[ "$(stat -c %a "$R/srv/other")" = 666 ] || fail "touched an unnamed file"
	# a link where a named path was, leading out of the root: the
	# script must stop there and leave what the link points to alone
	R2=$TMP/root2
	mkdir -p "$R2/etc" "$TMP/outside"
	chmod 0777 "$TMP/outside"
	ln -s "$TMP/outside" "$R2/etc/sudoers.d"
	"$OT" --emit fix --root "$R2" >"$TMP/fix-r2" || fail "fix for root2"
	sh "$TMP/fix-r2" --apply >"$TMP/r2.out" 2>&1
	[ "$(stat -c %a "$TMP/outside")" = 777 ] ||
	    fail "the script followed a link out of the root"
	grep -q 'a symbolic link is in the way' "$TMP/r2.out" ||
	    fail "the script did not say it stopped at the link"
	# the same run again changes nothing
	sh "$TMP/fix-r" --apply >"$TMP/again.out" 2>&1 || fail "second --apply"
	grep -q 'privmap-fix: 0 changed, 0 failed' "$TMP/again.out" ||
	    { cat "$TMP/again.out"; fail "second --apply changed something"; }
	snap >"$TMP/again"
	cmp -s "$TMP/after" "$TMP/again" || fail "second --apply changed the tree"
fi

if [ "$FAILS" -gt 0 ]; then
	echo "$FAILS failed"
	exit 1
fi
echo "outputs: all checks passed"
exit 0
