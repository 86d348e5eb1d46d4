bash "$GOLDEN_TREES/reports.sh"
"$ENVSCAN_BIN" --lint=all --write-baseline baseline.json . || true
# a new value: the findings about it come back
printf "A=2\n" > .env
