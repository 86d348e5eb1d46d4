const a = process.env[
