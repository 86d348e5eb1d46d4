# TOML config by name (config*.toml, settings*.toml, *.config.toml;
# pyproject.toml and Cargo.toml are not read): dotted keys, tables, arrays
# of tables, inline tables, values in canonical text, a multi-line string
# with placeholders, CRLF and a BOM, an error that stops the file (the
# records before it are kept), a redefinition, and the nesting bound
cat > config.toml <<'EOF'
# service settings
title = "api"
server.host = "0.0.0.0"
server.port = 8_080

[database]
url = """
postgres://${DB_USER}:${DB_PASSWORD:-secret}@\
    db:5432/app"""
timeout = 2.50
started = 1979-05-27 07:32:00Z
tags = [ "a", 'b',
  # a comment inside an array
  0x1F, ]

[[workers]]
name = "mail"
limits = { cpu = 1e3, mem.max = "512M" }

[[workers]]
name = "cron"
EOF
printf '\xef\xbb\xbf[app]\r\nenv = "prod"\r\n' > settings.toml
printf 'a = 1\nb = [1, 2\nc = 3\n' > app.config.toml
printf '[a]\nx = 1\n[a]\ny = 2\n' > config.twice.toml
printf 'k = "\\uD800"\n' > settings.escape.toml
python3 -c "print('d = ' + '[' * 300 + ']' * 300)" > config.deep.toml
printf 'name = "not read"\n' > pyproject.toml
