# contract.sh: sourced by the end-to-end shell tests. check_report FILE
# [ROOT] runs tests/contract/check-report.py --strict on a JSON report
# privmap wrote (docs/report.schema.json, the contract's rules, and no
# member the schema does not name); ROOT is the directory given to
# --root, if any. Prints the violations and returns 1 when there are
# any, or when the checker cannot run (never a pass).
check_report() {
	cr_checker=${TOP_SRCDIR:-.}/tests/contract/check-report.py
	if [ ! -f "$cr_checker" ]; then
		echo "contract: $cr_checker is missing"
		return 1
	fi
	if [ -n "${2:-}" ]; then
		python3 "$cr_checker" -q --strict --root "$2" "$1"
	else
		python3 "$cr_checker" -q --strict "$1"
	fi || { echo "contract: $1 does not meet privmap.report/1"; return 1; }
	echo "contract: $(basename "$1") meets privmap.report/1"
}
