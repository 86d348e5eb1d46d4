# `missing`: a key read in code or referenced without a default that no
# file defines; well-known names, --allow-missing names and prefixes,
# defaults (code and ${X:-d}) and dynamic keys are not missing
mkdir -p app
cat > .env <<'EOF'
DB_URL=postgres://db
EOF
cat > .env.example <<'EOF'
DB_URL=
DOCUMENTED=
EOF
cat > app/main.py <<'EOF'
import os
db = os.environ["DB_URL"]
secret = os.environ["SECRET"]
again = os.getenv("SECRET")
home = os.environ["HOME"]
lang = os.environ["LC_ALL"]
gh = os.environ["GITHUB_SHA"]
opt = os.getenv("OPTIONAL", "fallback")
doc = os.environ["DOCUMENTED"]
mine = os.environ["MY_TOOL_HOME"]
other = os.environ["OTHER"]
dyn = os.environ[name]
EOF
cat > compose.yaml <<'EOF'
services:
  web:
    image: web
    environment:
      URL: "${MISSING_REF}"
      DEF: "${DEF_REF:-d}"
      ALT: "${ALT_REF:+x}"
      REQ: "${REQ_REF:?needed}"
EOF
