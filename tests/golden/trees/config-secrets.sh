# A tree with an envscan.yml that allowlists by path and by value and
# brings a custom secret rule; a compose line holds two secrets, one of
# them allowlisted.
cat > envscan.yml <<'YML'
rules:
  allowlist:
    paths:
      - fixtures/
    values:
      - ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c
  secrets:
    custom:
      - id: secret-acme-token
        title: ACME internal token
        severity: error
        keywords: [acme_]
        pattern: 'acme_[A-Za-z0-9]{24}'
        min_entropy: 3
YML
mkdir fixtures
printf 'GH=ghp_Zz3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c\n' > fixtures/.env
printf 'GH=ghp_Zz3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c\nGH_OK=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c\n' > .env
cat > compose.yaml <<'YML'
services:
  web:
    environment: {GH: ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c, NPM: npm_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c}
YML
