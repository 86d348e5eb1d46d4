bash "$GOLDEN_TREES/analysis-missing.sh"
