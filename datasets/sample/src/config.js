// Every setting the app reads, in one place. Keys match .env.example.
const env = process.env;

module.exports = {
  appName: env.API_NAME || "Lighthouse",
  port: Number(env.PORT || 3000),
  host: env.HOST || "localhost",
  publicUrl: env.PUBLIC_URL,
  databaseUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
  sessionSecret: env.SESSION_SECRET,
  logLevel: env.LOG_LEVEL === undefined ? "info" : env.LOG_LEVEL,
  smtp: { host: env.SMTP_HOST, port: Number(env.SMTP_PORT || 587) },
};
