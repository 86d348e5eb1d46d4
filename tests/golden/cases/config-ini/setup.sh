# INI as configparser reads it: sections, both delimiters, continuations
# (blank lines kept, comments skipped), no inline comments, quotes kept,
# duplicates (last wins), interpolation placeholders, bad lines, CRLF
cat > app.ini <<'EOF'
; a comment
# another
top = before any section
[database]
host = db.internal
port: 5432
url = postgres://%(host)s:%(port)s/app?x=100%%
password = "s3cret" ; kept: no inline comments
description = first line
  second line

  after a blank line
  # a comment inside is skipped
	tab-indented line
[database.replica]
host = ${database:host}
port = ${port} and $$literal and ${a:b:c} and ${open
[DEFAULT]
Mixed Case Key = value
[database]
host = overridden later
this line is neither
= no key
[broken
EOF
printf '[win]\r\nkey = crlf value\r\nmore = a\r\n  b\r\n' > win.cfg
printf '[Unit]\nDescription=x\n[Service]\nEnvironment=A=1\n' > real.service
printf 'plain = no trailing newline' > settings.conf
