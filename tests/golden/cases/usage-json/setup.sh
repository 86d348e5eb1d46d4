# The JSON report of usages: kind, flags, the default as value.
printf 'a = os.getenv("J_A", "d")\nb = os.environ[k]\n' > app.py
printf 'process.env.ENV_A\n' > .env.js
