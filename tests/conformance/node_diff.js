// Differential test inputs: writes N random but structured .env inputs and,
// beside each, what node's dotenv parse() makes of it, laid out as
// JSON.stringify(obj, null, 2) + "\n" (the form `envscan parse --format
// json` prints). With MODE "expand", values are rich in ${...} templates
// and the reference is dotenv-expand's expand({parsed, processEnv: {}}).
// Usage: node node_diff.js NODE_MODULES_DIR OUT_DIR N SEED [MODE]
'use strict';
const fs = require('fs');
const path = require('path');
const dotenv = require(path.resolve(process.argv[2], 'node_modules', 'dotenv'));
const out = process.argv[3];
const count = Number(process.argv[4]);
const mode = process.argv[6] || 'parse';
const expand = mode === 'expand'
  ? require(path.resolve(process.argv[2], 'node_modules', 'dotenv-expand')).expand : null;
let state = BigInt(process.argv[5]) & 0xffffffffffffffffn;

// splitmix64, so a seed names the same cases on every machine
function next() {
  state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
  let z = state;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
  return Number((z ^ (z >> 31n)) & 0xffffffffn);
}
const pick = (a) => a[next() % a.length];
const chance = (p) => next() % 1000 < p * 1000;

const ws = [' ', '  ', '\t', '\u00a0', '\u3000', '\ufeff', '\u2028', '\v', '\f'];
const keys = ['KEY', 'A', 'b_2', 'x.y-z', 'export', 'EXPORT_ME', '1', '10', '0', 'dup', 'dup', '__proto__', 'k\u00e9y'];
const seps = ['=', ' = ', '=', ': ', ':', ' =', '= ', ':\t', ':\n', '\n=', '=='];
const bits = ['val', 'a b', 'x#y', ' #c', '#', "'", '"', '`', '\\', "\\'", '\\"', '\\`', '\\n', '\\r',
  '$A', '${A}', '${A:-d}', '\\$', 'é', '\u2028', '=', ':', ' ', '\t', '\n', '\r\n', '\r', '{', '}'];
const eols = ['\n', '\n', '\r\n', '\r', '\n\n', '', '\u2029'];

// templates for expand mode (no Object.prototype member names: those
// resolve to JavaScript internals in dotenv-expand, on purpose not copied)
const names = ['KEY', 'A', 'b_2', 'dup', '1', 'X', 'nully', 'UNSET'];
const templ = () => pick([
  '$' + pick(names), '${' + pick(names) + '}', '${' + pick(names) + ':-' + pick(['d', '', '$A', 'x-y']) + '}',
  '${' + pick(names) + '-def}', '${' + pick(names) + ':+alt}', '${' + pick(names) + '+p}',
  '\\$' + pick(names), '$$', '${}', '${A${B}}', '$1', '${nullA}', '${A:-${B:-deep}}']);
// ('$&', "$'" and '$`' are left out: a key whose value holds one makes
// dotenv-expand loop forever or grow a string without end on a later
// '$KEY'; envscan stops after 10000 steps with a warning instead.)

// Other inputs can still send dotenv-expand into a loop without end. Such
// a case has no reference answer: replace() is watched, the case is
// abandoned past 10000 calls or a 100 kB string, and skipped cases are
// counted on stderr.
let replaceCalls = 0, watching = false;
const realReplace = String.prototype.replace;
String.prototype.replace = function (...args) {
  const out = realReplace.apply(this, args);
  if (watching && (++replaceCalls > 10000 || out.length > 100000)) throw new Error('runaway expansion');
  return out;
};
let skipped = 0;

function value() {
  if (expand) {
    let v = '';
    const n = 1 + (next() % 4);
    for (let i = 0; i < n; i++) v += chance(0.6) ? templ() : pick(['x', ' ', '-', 'a b', ':']);
    const q = pick(['', '"', "'"]);
    return q + v + q;
  }
  const q = pick(['', '', "'", '"', '`']);
  let v = '';
  const n = next() % 5;
  for (let i = 0; i < n; i++) v += pick(bits);
  if (!q) return v;
  return q + v + (chance(0.85) ? q : '') + (chance(0.2) ? pick([' # note', ' junk', '  ', '\n']) : '');
}

function line() {
  if (chance(0.08)) return '# ' + pick(bits) + pick(bits);
  if (chance(0.04)) return pick(['', ' ', 'garbage line', '=novalue', 'KEY']);
  let s = '';
  if (chance(0.2)) s += pick(ws);
  if (chance(0.15)) s += 'export' + pick([' ', '  ', '\t', '\n']);
  s += expand ? pick(names.slice(0, 6)) : pick(keys);
  if (chance(0.05)) s += pick(bits);
  s += pick(seps);
  if (chance(0.15)) s += pick(ws);
  s += value();
  if (chance(0.2)) s += pick([' # comment', '#c', ' ', '\t']);
  return s;
}

fs.mkdirSync(out, { recursive: true });
for (let c = 0; c < count; c++) {
  let text = chance(0.05) ? '\ufeff' : '';
  const n = 1 + (next() % 6);
  for (let i = 0; i < n; i++) text += line() + pick(eols);
  let buf = Buffer.from(text, 'utf8');
  if (chance(0.05)) {                 // invalid UTF-8 somewhere
    const at = next() % (buf.length + 1);
    const junk = Buffer.from([pick([0xff, 0xc3, 0xe2, 0x80, 0xed, 0xf0])]);
    buf = Buffer.concat([buf.subarray(0, at), junk, buf.subarray(at)]);
  }
  const name = path.join(out, 'case' + String(c).padStart(5, '0'));
  fs.writeFileSync(name + '.env', buf);
  let obj = dotenv.parse(buf);
  if (expand) {
    replaceCalls = 0;
    watching = true;
    try {
      obj = expand({ parsed: obj, processEnv: {} }).parsed;
    } catch (e) {
      skipped++;
      c--;
      continue;
    } finally {
      watching = false;
    }
  }
  fs.writeFileSync(name + '.env.node.json', JSON.stringify(obj, null, 2) + '\n');
}
if (skipped) console.error(`node_diff: ${skipped} generated inputs skipped: dotenv-expand does not finish on them`);
