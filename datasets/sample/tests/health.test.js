const test = require("node:test");
const assert = require("node:assert");
const health = require("../src/routes/health");

test("healthz answers ok", () => {
  let status = 0, body = "";
  health({}, { writeHead: (s) => (status = s), end: (b) => (body = b) });
  assert.strictEqual(status, 200);
  assert.strictEqual(JSON.parse(body).ok, true);
});
