# generic YAML config, by name only (config*, settings*, application*,
# appsettings*): paths, sequences, scalars as written, anchors and merge
# keys, duplicates, block scalars, Spring placeholders, documents, a
# Kubernetes object in a config-named file, other YAML not read, errors
cat > application.yml <<'EOF'
spring:
  datasource:
    url: jdbc:postgresql://${DB_HOST:localhost}:5432/app
    username: ${DB_USER}
    password: "quoted ${spring.db.password:}"
  profiles: {active: prod}
server:
  port: 8080
  enabled: on
  nothing: ~
  empty:
defaults: &d
  timeout: 30
  retries: 3
client:
  <<: *d
  retries: 5
servers:
  - host: a.example
    ports: [80, 443]
  - host: b.example
description: |
  line one $HOME
  line two
escaped: "tab\there \u00e9 \U0001F600"
dup: {x: 1}
dup: {y: 2}
? [complex, key]
: value
---
spring.config.activate.on-profile: dev
server.port: 9090
EOF
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {A: "1"}\n' > config.k8s.yaml
printf 'not: config\n' > values.yaml
printf 'a: [unclosed\n' > settings.yaml
printf 'Logging:\r\n  Level: Debug\r\n' > appsettings.Development.yaml
