# `unused`: a key defined in an env file (not a template) that no code and
# no reference reads; one finding per key and file
mkdir -p api
cat > .env <<'EOF'
PORT=8080
STALE=1
STALE=2
REFERENCED=x
NODE_ENV=development
EOF
cat > .env.example <<'EOF'
PORT=
ONLY_IN_TEMPLATE=
EOF
cat > api/.env.production <<'EOF'
PORT=80
STALE=3
LINK=${REFERENCED}
EOF
cat > api/server.js <<'EOF'
const port = process.env.PORT;
EOF
