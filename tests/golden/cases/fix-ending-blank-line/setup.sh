# --fix --dry-run, lint-ending-blank-line alone: the diff of bad.env (and edge.env);
# good.env needs nothing
bash "$GOLDEN_TREES/../cases/lint-ending-blank-line/setup.sh"
