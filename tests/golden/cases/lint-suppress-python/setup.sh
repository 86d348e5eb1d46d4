# the same file read by the python dialect: the same findings
bash "$GOLDEN_TREES/lint-suppress.sh"
