# --lint-disable, with and without the lint- prefix, twice
bash "$GOLDEN_TREES/lint-mixed.sh"
