# `drift`: each env file against the template of its directory, both ways;
# .env.production.local is an override (only its extra keys count);
# another directory has its own template (example.env, read as .env),
# and docker.env there matches no template by name
mkdir -p svc other
cat > .env.example <<'EOF'
A=
B=
C=
EOF
cat > .env <<'EOF'
A=1
B=2
C=3
EOF
cat > .env.production <<'EOF'
A=1
EXTRA=x
EOF
cat > .env.production.example <<'EOF'
A=
P=
EOF
cat > .env.production.local <<'EOF'
A=2
LOCAL_ONLY=1
EOF
cat > svc/example.env <<'EOF'
S=
EOF
cat > svc/.env <<'EOF'
S=1
T=2
EOF
cat > svc/docker.env <<'EOF'
D=1
EOF
cat > other/.env <<'EOF'
NO_TEMPLATE=1
EOF
