# each suppression form, unknown rules, and a comment-like line inside a quoted value
bash "$GOLDEN_TREES/lint-suppress.sh"
