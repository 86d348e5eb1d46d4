# no lint option: the default set (no style rules)
bash "$GOLDEN_TREES/lint-mixed.sh"
