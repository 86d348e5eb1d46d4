# an unknown rule name is a usage error
bash "$GOLDEN_TREES/lint-mixed.sh"
