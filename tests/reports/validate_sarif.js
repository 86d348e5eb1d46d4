// Validate envscan's SARIF against the official SARIF 2.1.0 JSON schema
// (draft-04) with ajv, then check what the schema cannot: every ruleId is
// in tool.driver.rules at its ruleIndex, every result has its
// partialFingerprints, and results say what the JSON report says.
// Usage: node validate_sarif.js NODE_MODULES SCHEMA --selftest SARIF
//        node validate_sarif.js NODE_MODULES SCHEMA SARIF JSON
'use strict';
const fs = require('fs');
const path = require('path');
const [modules, schemaPath, a, b] = process.argv.slice(2);
const Ajv = require(path.join(modules, 'ajv-draft-04'));
const addFormats = require(path.join(modules, 'ajv-formats'));
// the schema's language pattern is not valid with the u flag: plain RegExp
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));

let failures = 0;
function check(cond, what) {
  if (!cond) {
    console.log('FAIL: ' + what);
    failures++;
  }
}

function schemaErrors(doc) {
  return validate(doc) ? null : ajv.errorsText(validate.errors, { separator: '\n  ' });
}

if (a === '--selftest') {
  // the validator must refuse broken documents, or passing means nothing
  const good = JSON.parse(fs.readFileSync(b, 'utf8'));
  check(schemaErrors(good) === null, 'the self-test input is valid: ' + schemaErrors(good));
  const breakers = [
    ['no version', (d) => { delete d.version; }],
    ['a wrong version', (d) => { d.version = '2.0.0'; }],
    ['a level SARIF does not have', (d) => { d.runs[0].results[0].level = 'fatal'; }],
    ['a string ruleIndex', (d) => { d.runs[0].results[0].ruleIndex = '1'; }],
    ['startLine 0', (d) => {
      d.runs[0].results[0].locations[0].physicalLocation.region = { startLine: 0 }; }],
    ['a URI that is not a URI reference', (d) => {
      d.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'a b%zz'; }],
    ['no driver name', (d) => { delete d.runs[0].tool.driver.name; }],
    ['an unknown property', (d) => { d.runs[0].results[0].colour = 'red'; }],
  ];
  for (const [what, mutate] of breakers) {
    const doc = JSON.parse(JSON.stringify(good));
    mutate(doc);
    check(schemaErrors(doc) !== null, 'the schema accepts a SARIF with ' + what);
  }
} else {
  const doc = JSON.parse(fs.readFileSync(a, 'utf8'));
  const json = JSON.parse(fs.readFileSync(b, 'utf8'));
  const errors = schemaErrors(doc);
  check(errors === null, a + ' is not valid SARIF 2.1.0:\n  ' + errors);
  check(doc.version === '2.1.0' && doc.runs.length === 1, 'one run of version 2.1.0');
  const run = doc.runs[0];
  const rules = run.tool.driver.rules;
  check(run.tool.driver.name === 'envscan', 'driver.name');
  const ids = new Set(rules.map((r) => r.id));
  check(ids.size === rules.length, 'rule ids are unique');
  for (const r of rules) {
    check(r.shortDescription && r.shortDescription.text, r.id + ': shortDescription');
    check(r.fullDescription && r.help && r.help.text, r.id + ': fullDescription and help');
    check(['error', 'warning', 'note'].includes(r.defaultConfiguration.level), r.id + ': level');
  }
  const diags = json.diagnostics;
  check(run.results.length === diags.length,
    `${run.results.length} results for ${diags.length} diagnostics`);
  const level = { error: 'error', warning: 'warning', info: 'note' };
  run.results.forEach((res, i) => {
    const d = diags[i] || {};
    const at = `${a}: result ${i} (${res.ruleId})`;
    check(ids.has(res.ruleId), at + ': ruleId not in driver.rules');
    check(rules[res.ruleIndex] && rules[res.ruleIndex].id === res.ruleId, at + ': ruleIndex');
    const fp = res.partialFingerprints && res.partialFingerprints['envscan/v1'];
    check(/^[0-9a-f]{32}$/.test(fp || ''), at + ': partialFingerprints');
    check(fp === d.fingerprint, at + ': fingerprint differs from the JSON report');
    check(res.ruleId === d.code && res.level === level[d.severity], at + ': code or level');
    check(res.message.text === d.message, at + ': message');
    if (d.file === null) {
      check(res.locations === undefined, at + ': a location for a diagnostic about no file');
    } else {
      const pl = res.locations[0].physicalLocation;
      let uri = pl.artifactLocation.uri;
      if (uri.startsWith('file://')) uri = uri.slice(7);
      // percent-decoding gives back the path's bytes
      const bytes = Buffer.from(uri.replace(/%([0-9A-F]{2})/g, (m, h) =>
        String.fromCharCode(parseInt(h, 16))), 'latin1');
      check(bytes.toString('utf8') === d.file, at + `: uri ${pl.artifactLocation.uri} for ${d.file}`);
      if (d.line > 0) {
        check(pl.region.startLine === d.line, at + ': startLine');
        check(d.column > 0 ? pl.region.startColumn === d.column : !('startColumn' in pl.region),
          at + ': startColumn');
      } else {
        check(pl.region === undefined, at + ': a region for a diagnostic about no line');
      }
    }
  });
}
process.exit(failures ? 1 : 0);
