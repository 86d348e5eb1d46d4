bash "$GOLDEN_TREES/secrets.sh"
