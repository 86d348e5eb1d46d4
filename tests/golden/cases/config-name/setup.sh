# Config names beyond the built-in ones: by extension (service.json), and
# with the format named (app.settings as INI, *.cfgx as .properties).
printf '{"db": {"url": "${DB_URL}", "port": 5432}}\n' > service.json
printf '[server]\nport = 8080\n' > app.settings
printf 'mail.host=smtp\n' > mail.cfgx
printf '{"not": "read"}\n' > other.json
printf 'DB_URL=postgres://db\n' > .env
