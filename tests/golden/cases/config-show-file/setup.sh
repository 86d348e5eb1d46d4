# config show with the tree's own envscan.yml (allowlisted literals not printed)
bash "$GOLDEN_TREES/config-secrets.sh"
