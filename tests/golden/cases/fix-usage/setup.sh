# --dry-run alone is a usage error
