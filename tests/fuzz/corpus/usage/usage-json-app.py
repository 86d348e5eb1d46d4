a = os.getenv("J_A", "d")
b = os.environ[k]
