'use strict';
/*
 * cdp_check.js CHROMIUM OUTDIR — opens OUTDIR/report.html (envscan's HTML
 * report of tests/golden/trees/html-drift.sh) in headless Chromium and
 * checks what a person would see, through the DevTools protocol spoken
 * over --remote-debugging-pipe (file descriptors 3 and 4, messages ended
 * by NUL), with node's built-ins only:
 *
 *   - the script ran and rendered the drift matrix: every row and cell of
 *     OUTDIR/report.json's "matrix" is in the page, with the same states;
 *   - sort and filter work, from a URL fragment given at load
 *     (#filter=svc&sort=-key, #drift=1&severity=warning&fsort=rule,
 *     #sort=f3, a malformed one) and by clicking headers and typing;
 *   - nothing went wrong: no console error, warning or assert, no
 *     uncaught exception, no error or warning in the browser log (a CSP
 *     refusal lands there), no request but the page itself;
 *   - the hostile key and directory name (<img src=x onerror=alert(1)>)
 *     stayed text: no dialog opened, no <img> element, one <script>;
 *   - no value reached the page.
 *
 * Then it proves that those checks can fail: OUTDIR/tampered.html is the
 * same page with a console.error, a thrown exception and an unescaped
 * <img onerror=alert(1)> injected, and each must be caught.
 *
 * Screenshots go to OUTDIR/report.png (the whole page) and
 * OUTDIR/report-matrix.png (the matrix in a 1280x900 window).
 * Exit 0 when every check passed, 1 otherwise.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const [chromium, out] = process.argv.slice(2);
const reportUrl = pathToFileURL(path.join(out, 'report.html')).href;
const tamperedUrl = pathToFileURL(path.join(out, 'tampered.html')).href;
const json = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
const HOSTILE = '<img src=x onerror=alert(1)>';
const RANK = { missing: 0, differs: 1, secret: 2, empty: 3, present: 4, template: 5, none: 6 };

let passed = 0;
let failed = 0;
function check(cond, what, detail) {
  if (cond) {
    passed++;
  } else {
    failed++;
    console.log('FAIL ' + what + (detail === undefined ? '' : ': ' + JSON.stringify(detail)));
  }
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ------------------------------------------------------------ the browser */

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'envscan-chromium-'));
const browser = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe',
  '--user-data-dir=' + profile, '--window-size=1280,900', '--no-first-run',
  '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--mute-audio',
  'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let browserLog = '';
browser.stdio[2].on('data', (d) => { browserLog = (browserLog + d).slice(-4000); });

let done = false; // every check ran: the browser may go
let finishing = false;

/* Stop the browser, wait until it is gone (it writes into its profile
 * until then), remove the profile, exit. */
function finish(code) {
  finishing = true;
  const cleanup = () => {
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch (e) {
      console.log('note: could not remove ' + profile + ': ' + e.code);
    }
    process.exit(code);
  };
  if (browser.exitCode !== null || browser.signalCode !== null) return cleanup();
  browser.once('exit', cleanup);
  setTimeout(cleanup, 5000).unref();
  try { browser.kill('SIGKILL'); } catch (e) { /* already gone */ }
}
const watchdog = setTimeout(() => {
  console.log('FAIL the browser did not finish in 100 s\n' + browserLog);
  finish(1);
}, 100000);
browser.on('exit', (code) => {
  if (!done && !finishing) {
    console.log('FAIL chromium exited early (' + code + ')\n' + browserLog);
    finish(1);
  }
});

let nextId = 0;
const pending = new Map();
const listeners = new Set();
let inbox = Buffer.alloc(0);
browser.stdio[4].on('data', (chunk) => {
  inbox = Buffer.concat([inbox, chunk]);
  for (let end; (end = inbox.indexOf(0)) >= 0;) {
    const msg = JSON.parse(inbox.subarray(0, end).toString('utf8'));
    inbox = inbox.subarray(end + 1);
    if (msg.id !== undefined && pending.has(msg.id)) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(p.method + ': ' + msg.error.message));
      else p.resolve(msg.result);
    } else {
      for (const l of listeners) l(msg);
    }
  }
});

function send(method, params, sessionId) {
  const id = ++nextId;
  const msg = { id, method, params: params || {} };
  if (sessionId) msg.sessionId = sessionId;
  browser.stdio[3].write(JSON.stringify(msg) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
}

function nextEvent(method, sessionId, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { listeners.delete(l); reject(new Error('no ' + method)); }, ms);
    const l = (msg) => {
      if (msg.method === method && msg.sessionId === sessionId) {
        clearTimeout(timer);
        listeners.delete(l);
        resolve(msg.params);
      }
    };
    listeners.add(l);
  });
}

/* --------------------------------------------------------------- the page */

let session;
let seen; // what the page did since the last visit began
const page = (method, params) => send(method, params, session);

function watch() {
  listeners.add((msg) => {
    if (msg.sessionId !== session) return;
    const p = msg.params;
    switch (msg.method) {
      case 'Runtime.consoleAPICalled':
        if (['error', 'warning', 'assert'].includes(p.type)) {
          seen.console.push(p.type + ': ' + p.args.map((a) => a.value ?? a.description).join(' '));
        }
        break;
      case 'Runtime.exceptionThrown':
        seen.exceptions.push(p.exceptionDetails.exception?.description ?? p.exceptionDetails.text);
        break;
      case 'Log.entryAdded':
        if (['error', 'warning'].includes(p.entry.level)) seen.log.push(p.entry.level + ': ' + p.entry.text);
        break;
      case 'Page.javascriptDialogOpening':
        seen.dialogs.push(p.type + ': ' + p.message);
        page('Page.handleJavaScriptDialog', { accept: false }).catch(() => {});
        break;
      case 'Network.requestWillBeSent':
        seen.requests.push(p.request.url);
        break;
      default:
    }
  });
}

async function evaluate(expression) {
  const r = await page('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
  if (r.exceptionDetails) throw new Error('evaluate: ' + r.exceptionDetails.text);
  return r.result.value;
}

/* Everything the checks read from the page, in one evaluation. */
const STATE = `(() => {
  const m = document.getElementById('matrix'), f = document.getElementById('findings');
  const rows = (t) => (t ? Array.from(t.tBodies[0].rows) : []);
  const val = (id) => document.getElementById(id);
  return {
    ready: document.documentElement.getAttribute('data-ready'),
    hash: location.hash,
    controls: !val('controls').hidden,
    q: val('q').value, sev: val('sev').value, drift: val('drift').checked,
    dirs: m ? Array.from(m.tHead.rows[0].cells).slice(2).map((th) => th.textContent) : [],
    files: m ? Array.from(m.tHead.rows[1].cells).map((th) => th.title) : [],
    templates: m ? Array.from(m.tHead.rows[1].cells).map((th) => !!th.querySelector('.tag')) : [],
    matrix: rows(m).map((tr) => ({
      key: tr.cells[0].textContent, shown: !tr.hidden, drift: tr.getAttribute('data-drift'),
      cells: Array.from(tr.cells).slice(2).map((td) => td.getAttribute('data-s')),
      symbols: Array.from(tr.cells).slice(2).map((td) => td.textContent),
    })),
    findings: rows(f).map((tr) => ({
      sev: +tr.getAttribute('data-sev'), rule: tr.cells[1].textContent,
      text: tr.textContent.toLowerCase(), shown: !tr.hidden,
    })),
    mcount: val('matrix-count').textContent, fcount: val('findings-count').textContent,
    sorted: Array.from(document.querySelectorAll('th[aria-sort]'))
      .map((th) => th.getAttribute('data-sort') + ':' + th.getAttribute('aria-sort')),
    images: document.images.length, scripts: document.scripts.length,
    xss: typeof window.__xss,
    value: document.documentElement.outerHTML.includes('s3cr3t'),
  };
})()`;

async function visit(url) {
  // a blank page first, so that a URL differing only in its fragment
  // loads anew (else it would be a same-document navigation)
  let loaded = nextEvent('Page.loadEventFired', session, 20000);
  await page('Page.navigate', { url: 'about:blank' });
  await loaded;
  seen = { console: [], exceptions: [], log: [], dialogs: [], requests: [] };
  loaded = nextEvent('Page.loadEventFired', session, 30000);
  const nav = await page('Page.navigate', { url });
  check(!nav.errorText, 'navigate to ' + url, nav.errorText);
  await loaded;
  for (let i = 0; i < 50 && (await evaluate('document.documentElement.getAttribute("data-ready")')) !== '1'; i++) {
    await sleep(100);
  }
  return evaluate(STATE);
}

/* What went wrong on a page: console, exceptions, log, dialogs, requests
 * other than the page, markup that should have been text. */
function problems(s, url) {
  const p = [];
  const page0 = url.replace(/#.*/, '');
  for (const c of seen.console) p.push('console ' + c);
  for (const e of seen.exceptions) p.push('exception ' + e);
  for (const l of seen.log) p.push('log ' + l);
  for (const d of seen.dialogs) p.push('dialog ' + d);
  for (const r of seen.requests) if (r.replace(/#.*/, '') !== page0) p.push('request ' + r);
  if (s.images !== 0) p.push('img elements: ' + s.images);
  if (s.scripts !== 1) p.push('script elements: ' + s.scripts);
  if (s.xss !== 'undefined') p.push('window.__xss set');
  if (s.value) p.push('a value is in the page');
  return p;
}

function shown(list) {
  return list.filter((r) => r.shown);
}

/* ------------------------------------------------------------------ checks */

async function checkRendering() {
  const s = await visit(reportUrl);
  check(same(problems(s, reportUrl), []), 'a clean page', problems(s, reportUrl));
  check(s.ready === '1' && s.controls, 'the script ran and showed the controls', s.ready);
  const want = json.matrix;
  check(same(s.files, want.files.map((f) => f.path)), 'matrix columns', s.files);
  check(same(s.templates, want.files.map((f) => f.template)), 'template columns marked');
  check(s.matrix.length === want.keys.length && s.matrix.length === 13, 'a row per key', s.matrix.length);
  want.keys.forEach((k, i) => {
    const r = s.matrix[i] || { cells: [] };
    check(r.key === k.key, 'row ' + i + ' key', r.key);
    check(r.cells.length === want.files.length, 'row ' + k.key + ' has a cell per file', r.cells.length);
    // the JSON lists a row's cells that are not "none" as [column, letter]
    const dense = want.files.map(() => 'n');
    for (const [col, letter] of k.cells) dense[col] = letter;
    check(r.cells.map((c) => c[0]).join('') === dense.join(''), 'row ' + k.key + ' cell states', r.cells);
    check(r.drift === (k.drift ? '1' : '0'), 'row ' + k.key + ' drift');
  });
  const b = s.matrix.find((r) => r.key === 'B');
  check(b && same(b.cells.slice(0, 5), ['present', 'template', 'missing', 'differs', 'differs']) &&
    same(b.symbols.slice(0, 5), ['\u2713', '\u25C7', '\u2717', '\u2260', '\u2260']),
  'B: states and the symbols that say them without colour', b);
  check(shown(s.matrix).length === 13 && s.mcount === '13 of 13 keys shown', 'all keys shown', s.mcount);
  check(s.findings.length === json.diagnostics.length && s.fcount.startsWith(s.findings.length + ' of '),
    'a row per finding', s.fcount);
  check(s.matrix.some((r) => r.key === HOSTILE), 'the hostile key is shown as text');
  check(s.dirs.includes(HOSTILE + '/'), 'the hostile directory is shown as text', s.dirs);
  check(same(s.sorted, ['key:ascending']), 'sorted by key at first', s.sorted);

  // clicks and typing, and the fragment that follows them
  const after = await evaluate(`(() => {
    document.querySelector('#findings th[data-sort="severity"]').click();
    const q = document.getElementById('q');
    q.value = 'db_';
    q.dispatchEvent(new Event('input'));
    document.querySelector('#matrix th[data-sort="key"]').click();
    return location.hash;
  })()`);
  const t = await evaluate(STATE);
  check(after === '#filter=db_&sort=-key&fsort=severity', 'the fragment follows the controls', after);
  check(same(shown(t.matrix).map((r) => r.key), ['DB_PASSWORD']), 'typing filters the matrix',
    shown(t.matrix).map((r) => r.key));
  check(same(t.matrix.map((r) => r.key), s.matrix.map((r) => r.key).reverse()), 'a click on Key sorts descending');
  const sevs = shown(t.findings).map((r) => r.sev);
  check(sevs.length > 0 && sevs.every((v, i) => i === 0 || sevs[i - 1] >= v), 'findings sorted worst first', sevs);
  check(same(problems(t, reportUrl), []), 'no problem after clicking', problems(t, reportUrl));

  // screenshots: the whole page, and the matrix in the window
  await evaluate(`(() => { history.replaceState(null, '', '#'); window.dispatchEvent(new HashChangeEvent('hashchange')); })()`);
  const metrics = await page('Page.getLayoutMetrics');
  const height = Math.min(Math.ceil(metrics.cssContentSize.height), 6000);
  let shot = await page('Page.captureScreenshot', {
    format: 'png', captureBeyondViewport: true, clip: { x: 0, y: 0, width: 1280, height, scale: 1 },
  });
  fs.writeFileSync(path.join(out, 'report.png'), Buffer.from(shot.data, 'base64'));
  await evaluate(`document.getElementById('matrix-section').scrollIntoView()`);
  shot = await page('Page.captureScreenshot', { format: 'png' });
  fs.writeFileSync(path.join(out, 'report-matrix.png'), Buffer.from(shot.data, 'base64'));
}

async function checkFragments() {
  // a filter on files and a descending sort, from the link
  let url = reportUrl + '#filter=svc&sort=-key';
  let s = await visit(url);
  check(same(problems(s, url), []), 'clean with ' + url, problems(s, url));
  check(s.q === 'svc', 'the filter box shows the fragment', s.q);
  check(same(shown(s.matrix).map((r) => r.key), ['U', 'T', 'S', 'DB_PASSWORD']), 'filter=svc shows the keys of svc/, descending',
    shown(s.matrix).map((r) => r.key));
  check(s.mcount === '4 of 13 keys shown', 'the count follows', s.mcount);
  check(same(s.sorted, ['key:descending']), 'sort=-key marks the header', s.sorted);
  const svcFindings = json.diagnostics.filter((d) =>
    [d.severity, d.code, d.file || '', d.key || '', d.message].join(' ').toLowerCase().includes('svc')).length;
  check(shown(s.findings).length === svcFindings && svcFindings > 0 &&
    shown(s.findings).every((r) => r.text.includes('svc')), 'filter=svc filters the findings', svcFindings);

  // only drifting keys, warnings and errors, findings by rule
  url = reportUrl + '#drift=1&severity=warning&fsort=rule';
  s = await visit(url);
  check(same(problems(s, url), []), 'clean with ' + url, problems(s, url));
  check(s.drift && s.sev === 'warning', 'the controls show the fragment');
  check(same(shown(s.matrix).map((r) => r.key), json.matrix.keys.filter((k) => k.drift).map((k) => k.key)),
    'drift=1 shows the drifting keys', shown(s.matrix).map((r) => r.key));
  const warn = json.diagnostics.filter((d) => d.severity !== 'info').length;
  check(shown(s.findings).length === warn && warn < json.diagnostics.length &&
    shown(s.findings).every((r) => r.sev >= 2), 'severity=warning hides infos', shown(s.findings).length);
  const rules = s.findings.map((r) => r.rule);
  check(rules.every((r, i) => i === 0 || rules[i - 1] <= r), 'fsort=rule sorts the findings', rules);

  // a file column: problems first
  url = reportUrl + '#sort=f3';
  s = await visit(url);
  const col = s.matrix.map((r) => RANK[r.cells[3]]);
  check(col.every((v, i) => i === 0 || col[i - 1] <= v) && col[0] === RANK.missing,
    'sort=f3 orders by the state of .env.production', s.matrix.map((r) => r.cells[3]));

  // a malformed fragment is ignored, quietly
  url = reportUrl + '#filter=%E0%A4%A&sort=nosuchcolumn&severity=<b>';
  s = await visit(url);
  check(same(problems(s, url), []), 'a malformed fragment logs nothing', problems(s, url));
  check(shown(s.matrix).length === 13 && same(s.sorted, ['key:ascending']) && s.sev === '',
    'a malformed fragment leaves the defaults', s.sorted);
}

/* The same checks must fail on a page with injected faults. */
async function checkTheChecks() {
  const s = await visit(tamperedUrl);
  const p = problems(s, tamperedUrl);
  check(p.some((x) => x.startsWith('console error: injected')), 'an injected console.error is caught', p);
  check(p.some((x) => x.startsWith('exception') && x.includes('injected')), 'an injected exception is caught', p);
  check(p.some((x) => x.startsWith('dialog alert: 1')), 'an executed onerror=alert(1) is caught', p);
  check(p.some((x) => x.startsWith('img elements')), 'an <img> element is caught', p);
}

(async () => {
  try {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    ({ sessionId: session } = await send('Target.attachToTarget', { targetId, flatten: true }));
    watch();
    for (const m of ['Page.enable', 'Runtime.enable', 'Log.enable', 'Network.enable']) await page(m);
    await page('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
    await checkRendering();
    await checkFragments();
    await checkTheChecks();
    done = true;
    await send('Browser.close').catch(() => {});
  } catch (e) {
    failed++;
    console.log('FAIL ' + e.stack + '\n' + browserLog);
  }
  done = true;
  clearTimeout(watchdog);
  console.log('screenshots: ' + path.join(out, 'report.png') + ' ' + path.join(out, 'report-matrix.png'));
  console.log('html: ' + passed + ' passed, ' + failed + ' failed');
  finish(failed ? 1 : 0);
})();
