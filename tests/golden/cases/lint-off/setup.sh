# --no-lint: no lint findings
bash "$GOLDEN_TREES/lint-mixed.sh"
