# JSON config by name (appsettings*.json, config*.json, settings*.json,
# *.config.json; package.json and tsconfig.json are not read): dotted paths,
# arrays, escapes and surrogate pairs, numbers as written, duplicates (the
# last wins, whole subtrees), comments and trailing commas (.NET, JSONC), a
# BOM, tabs and CRLF, placeholders, syntax errors and the nesting bound
cat > appsettings.json <<'EOF'
{
  // .NET's configuration reader allows comments
  "ConnectionStrings": { "Default": "Server=${DB_HOST:-localhost};User=$DB_USER;Pwd=$$x" },
  "Logging": { "LogLevel": { "Default": "Information", "Microsoft": "Warning", }, },
  /* and block comments */
  "Items": [ { "name": "tab\there \u00e9 \ud83d\ude00 lone \ud800", "size": 1.5e10 },
             [ true, false, null ], 12345678901234567890123, -0.0 ],
  "dup": { "x": 1 }, "dup": { "y": 2 },
  "empty": {}, "none": [],
  "a.b": "a key with a dot",
  "multi": "line1\nline2"
}
EOF
printf '\xef\xbb\xbf{\r\n\t"bom":\t"yes",\r\n\t"list": [1, 2]\r\n}\r\n' > app.config.json
printf '[{"k": "top-level array"}, 2]' > config.json
printf '{"a": 1, "b": [1, 2' > settings.broken.json
printf '{"a": "\\x"}' > settings.escape.json
printf '{"a": NaN}' > config.nan.json
printf '"just a string"' > settings.json
python3 -c "print('[' * 300 + ']' * 300)" > config.deep.json
printf '{"name": "not read"}' > package.json
printf '{"compilerOptions": {}}' > tsconfig.json
