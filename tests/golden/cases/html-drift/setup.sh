bash "$GOLDEN_TREES/html-drift.sh"
