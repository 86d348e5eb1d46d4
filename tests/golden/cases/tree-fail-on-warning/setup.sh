bash "$GOLDEN_TREES/repo.sh"
