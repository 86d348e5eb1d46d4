bash "$GOLDEN_TREES/reports.sh"
