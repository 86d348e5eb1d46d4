// The public API: reads its own services/api/.env on top of the root one.
require("dotenv").config({ path: __dirname + "/.env" });

const basePath = process.env.API_BASE_PATH || "/api/v1";
const timeoutMs = Number(process.env.API_TIMEOUT_MS || 5000);
module.exports = { basePath, timeoutMs };
