cat > in.env <<'X'
H=db
U="${H}:${P:-5432}"
X
