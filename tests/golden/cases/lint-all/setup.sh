# --lint=all: every rule
bash "$GOLDEN_TREES/lint-mixed.sh"
