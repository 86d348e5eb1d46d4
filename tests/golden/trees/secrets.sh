# Secrets in a .env: a known format, a password under a key named like
# one, placeholders that are not secrets, a portability difference that
# quotes a secret's value (shown redacted unless --show-secrets), and an
# ignore comment. The redacted form's hash is the same in the map, the
# finding and the lint message.
printf '%s\n' \
  'GH_TOKEN=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c#x' \
  'DB_PASSWORD=Zq8mR2pL5xT7vB' \
  'API_TOKEN=changeme' \
  'STRIPE_KEY=${STRIPE_KEY}' \
  'DATABASE_URL=postgres://app:Zq8mR2pL5xT7@db.internal:5432/app' \
  'LOCAL_URL=postgres://app:password@localhost/app' \
  'NPM_TOKEN=npm_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c # envscan:ignore secret' \
  'PLAIN=a#b' > .env
