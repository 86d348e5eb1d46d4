bash "$GOLDEN_TREES/links.sh"
