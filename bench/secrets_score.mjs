// secrets_score.mjs — recall and precision of a secret scanner's findings
// on a planted tree (datasets' gen_secrets), as JSON on stdout.
//
//   node secrets_score.mjs MANIFEST TREE envscan|secretlint FINDINGS.json
//
// MANIFEST is gen_secrets' manifest.tsv (path, line, key, expected: a rule
// id or "-"), TREE the directory its paths are relative to, FINDINGS the
// tool's JSON report of a scan of TREE. A planted secret is found when a
// finding sits on its file and line (and, for envscan, whose reports name
// the key, on its key); every other finding is a false alarm, on a "-"
// line or on a line nothing was planted on. secretlint's findings carry
// no key, so a line is its unit; envscan's secret-* diagnostics are its
// findings. The scoring is the same as tests/engine/test_secrets_quality.c.
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";

const [manifestPath, tree, tool, findingsPath] = process.argv.slice(2);
if (!findingsPath || !["envscan", "secretlint"].includes(tool)) {
  process.stderr.write("usage: node secrets_score.mjs MANIFEST TREE envscan|secretlint FINDINGS.json\n");
  process.exit(2);
}
const root = resolve(tree);
const rel = (p) => relative(root, resolve(root, p));

const planted = new Map(); // "path:line" -> [{key, expected}]
let positives = 0;
for (const line of readFileSync(manifestPath, "utf8").split("\n")) {
  if (!line) continue;
  const [path, ln, key, expected] = line.split("\t");
  const at = `${path}:${ln}`;
  if (!planted.has(at)) planted.set(at, []);
  planted.get(at).push({ key, expected, hit: false });
  if (expected !== "-") positives++;
}

// [{path, line, key (or null)}]
const findings = [];
const report = JSON.parse(readFileSync(findingsPath, "utf8"));
if (tool === "envscan") {
  for (const d of report.diagnostics ?? [])
    if (d.code.startsWith("secret-") && d.code !== "secret-base64")
      findings.push({ path: rel(d.file), line: d.line, key: d.key ?? null });
} else {
  for (const f of report)
    for (const m of f.messages ?? [])
      findings.push({ path: rel(f.filePath), line: m.loc?.start?.line ?? 0, key: null });
}

let falseAlarms = 0;
for (const f of findings) {
  const here = (planted.get(`${f.path}:${f.line}`) ?? []).filter((p) => f.key === null || p.key === f.key);
  const secrets = here.filter((p) => p.expected !== "-");
  if (secrets.length === 0) falseAlarms++;
  for (const p of secrets) p.hit = true;
}
let found = 0;
for (const list of planted.values()) for (const p of list) if (p.expected !== "-" && p.hit) found++;
const precision = found + falseAlarms ? found / (found + falseAlarms) : 0;
process.stdout.write(JSON.stringify({
  tool, planted: positives, findings: findings.length, found, false_alarms: falseAlarms,
  recall: positives ? +(found / positives).toFixed(4) : 0, precision: +precision.toFixed(4),
}) + "\n");
