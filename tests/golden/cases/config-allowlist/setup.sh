# allowlist: a secret in fixtures/ (by path) and one value (by literal)
# are not reported; another secret on the same compose line still is
bash "$GOLDEN_TREES/config-secrets.sh"
