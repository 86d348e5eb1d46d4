# The HTML report (docs/html.md) and its drift matrix: a root directory
# with a template, an override and two other env files (missing, differing
# and empty values; the reference is .env's value even where another value
# is more common), a directory without .env (the most common value is the
# reference; a tie goes to the first file), a directory with its own
# template (and a key it lacks, so a finding names DB_PASSWORD), and hostile text where a scanned tree can put it: a key (the
# python dialect takes quoted keys), a directory name, a value, a usage.
# Read with --dialect python.
mkdir -p svc web '<img src=x onerror=alert(1)>'
cat > .env <<'EOF2'
A=1
B=2
C=3
DB_PASSWORD=s3cr3t-value-never-shown
HTML=<script>window.__xss=1</script>
EOF2
cat > .env.example <<'EOF2'
A=
B=
C=
D=
DB_PASSWORD=
HTML=
EOF2
cat > .env.local <<'EOF2'
A=2
EOF2
cat > .env.production <<'EOF2'
A=1
B=20
EXTRA=x
EOF2
cat > .env.staging <<'EOF2'
A=1
B=20
C=
EOF2
cat > svc/.env <<'EOF2'
S=1
T=2
DB_PASSWORD=other
EOF2
cat > svc/.env.sample <<'EOF2'
S=
U=
EOF2
cat > web/.env.development <<'EOF2'
X=a
Y=1
EOF2
cat > web/.env.production <<'EOF2'
X=b
Y=2
EOF2
cat > web/.env.test <<'EOF2'
X=b
EOF2
printf "'<img src=x onerror=alert(1)>'=<b>bold</b>\n" > '<img src=x onerror=alert(1)>/.env'
cat > app.py <<'EOF2'
import os
a = os.environ["<img src=x onerror=alert(1)>"]
b = os.environ["DB_PASSWORD"]
EOF2
