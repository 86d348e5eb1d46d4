bash "$GOLDEN_TREES/environments.sh"
