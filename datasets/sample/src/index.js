// Lighthouse entry point. Reads .env (via dotenv) and starts the server.
require("dotenv").config();

const http = require("http");
const config = require("./config");
const health = require("./routes/health");

const server = http.createServer((req, res) => {
  if (req.url === "/healthz") return health(req, res);
  res.writeHead(200, { "content-type": "text/html" });
  res.end(`<h1>${config.appName}</h1><p>All systems operational.</p>`);
});

server.listen(config.port, config.host, () => {
  console.log(`listening on ${config.publicUrl}`);
});
