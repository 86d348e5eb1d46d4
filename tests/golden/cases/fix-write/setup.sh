# --fix writes and says per file what it fixed; files with nothing to fix
# are not named
bash "$GOLDEN_TREES/lint-mixed.sh"
printf 'A=1\n' > clean.env
