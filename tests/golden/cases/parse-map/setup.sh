cat > in.env <<'X'
B=2
A="x\ny" # c
10=ten
2=two
B=3
__proto__=p
X
