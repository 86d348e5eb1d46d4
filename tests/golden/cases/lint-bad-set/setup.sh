# an unknown --lint set is a usage error
bash "$GOLDEN_TREES/lint-mixed.sh"
