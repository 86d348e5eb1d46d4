# Names and text that report formats must escape (reports-* cases): a
# directory with a space, a comma and double quotes, '%' and '#' in a
# name, a non-ASCII directory, a control character in a name; keys and
# lines with '|', '<', '&', '%', quotes; the same lint twice; drift both
# ways; no source code, so `unused-unchecked` is about no file.
mkdir -p 'odd dir, "q"' 'é'
printf 'FOO-BAR=1\nFOO-BAR=2\nbad | <b> & 100%% "x", y: z\n' > 'odd dir, "q"/.env'
printf 'lower=1\n' > '100%#x.env'
printf 'low.er-k=v\n' > "é/ctl$(printf '\001')a.env"
printf 'A=1\n' > .env
printf 'B=\n' > .env.example
