bash "$GOLDEN_TREES/analysis-drift.sh"
