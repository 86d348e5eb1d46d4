printf '\xef\xbb\xbfHOST=db\n' > in.env
cat >> in.env <<'E'
# python-dotenv reads these differently from node
10=ten
'quoted key'=1
URL=postgres://${HOST}:${PORT:-5432}/app
a=b#not-a-comment
c="esc\taped \"q\"" # comment
bare
d="unclosed
e=last
E
