# Environment= quoting, reset, PassEnvironment, EnvironmentFile, sections
cat > app.service <<'X'
[Unit]
Description=demo
Environment=IN_UNIT=ignored

[Service]
# comment
; another comment
Environment="DB_URL=postgres://db/app" LOG_LEVEL=info
Environment='GREETING=hello world' ESCAPES=tab\tnl\nq\"bs\\ HEX=\x41\u00e9
Environment=SPECIFIER=%n-%i MID=a"b c"d
Environment=LONG=one \
# skipped comment
  TWO=two
Environment=
Environment=AFTER_RESET=1 AFTER_RESET=2
Environment=bad-name=1 1DIGIT=x NOEQUALS
Environment=BAD_ESCAPE=\q NEVER=read
Environment=UNBALANCED="open NEVER2=x
PassEnvironment=LANG TZ
EnvironmentFile=-/etc/default/app
EnvironmentFile=/etc/app/%i.env
ExecStart=/usr/bin/app

[Install]
WantedBy=multi-user.target
X
printf '[Socket]\r\nEnvironment=SOCK=1\\\r\n SOCK2=2\r\n[X-Custom]\r\nEnvironment=NO=1\r\nnot a key\r\n[bad section\r\n' > app.socket
