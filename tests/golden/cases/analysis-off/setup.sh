# --no-analysis: the tree of analysis-drift, and no findings
bash "$GOLDEN_TREES/analysis-drift.sh"
