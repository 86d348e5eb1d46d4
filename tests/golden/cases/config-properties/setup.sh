# Java .properties as java.util.Properties.load reads them: separators,
# comments, continuations, escapes (\uXXXX, surrogate pairs), Spring
# placeholders, duplicates, CRLF and lone CR line ends, a bad escape
cat > application.properties <<'EOF'
# a comment
! another comment
   server.port = 8080
spring.datasource.url:jdbc:postgresql://${DB_HOST:localhost}:${DB_PORT}/app
greeting Hello, World
key\ with\ spaces\=and\:colons = value
unicode = caf\u00e9 \uD83D\uDE00 tab\there
list = one,\
       two,\
       three
trailing = keeps trailing space   
nested = ${outer:${inner.default:x}}
dup = first
dup = second
bad = \u12G4
# a comment ending in a backslash does not continue \
not.continued = yes
=no key
EOF
printf 'win = crlf\r\ncont = a\\\r\n   b\r\nold = mac\rnext = line' > legacy.properties
