# Python usages, docstrings and comments, f-strings, CRLF.
cat > app.py <<'EOF'
import os
from os import environ, getenv
a = os.environ["A"]
b = os.environ.get("B", "dflt")
c = os.getenv('C')
d = environ["D"]
e = getenv("E", 5)
# os.environ["COMMENT"]
"""os.environ["DOCSTRING"]
os.getenv("DOCSTRING2")"""
f = f"{os.environ['FSTR']} {{os.environ['NOT_EMBEDDED']}}"
g = "os.environ['PLAIN']"
if "MEMBER" in os.environ and 'NOT_MEMBER' not in os.environ: pass
os.environ.setdefault("SD", "v")
h = os.environ[key]
i = os.environ.pop("POPPED", None)
j = rb'os.environ["RAW_BYTES"]'
k = os.getenv("OR_DEFAULT") or "fallback"
l = self.environ["NOT_OS"]
m = os.environ.get(f"PREFIX_{name}")
EOF
printf 'import os\r\nx = os.environ["CRLF"]\r\n\ty = os.getenv("TAB")\r\n' > crlf.py
