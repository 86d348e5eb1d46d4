// GET /healthz — answers 200 while the process is up.
module.exports = function health(req, res) {
  const body = JSON.stringify({ ok: true, uptime: process.uptime() });
  res.writeHead(200, { "content-type": "application/json" });
  res.end(body);
};
