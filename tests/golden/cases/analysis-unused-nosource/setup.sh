# no source code read: no `unused` findings, one note that says why
cat > .env <<'EOF'
A=1
B=${A}
EOF
