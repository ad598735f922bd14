// Opens an fcbench HTML report in headless Chromium, offline, and checks:
//  - no console error and no uncaught exception;
//  - no request other than the report file itself;
//  - every figure the JSON report implies is there (one per metric, instances
//    in flight with `concurrency`, slowdown with `slowdown`), and one per
//    standalone SVG in figures/ beside the page;
//  - every <figure> holds an SVG that is laid out and has drawn plot data;
//  - no id is used twice in the page (figures inline their own ids);
//  - every summary-table row matches the JSON report's group of the same
//    index: each key and statistic exactly, and the number shown agrees
//    with the exact one to its 4 significant digits.
//
//   node check_report.mjs REPORT.html REPORT.json [--must-fail BROKEN.html...]
//
// With --must-fail, each BROKEN page (a deliberately broken copy) must fail
// some check: that shows the checks can fail. One browser serves all pages.
// Chromium: $FCBENCH_CHROMIUM, else /usr/bin/chromium-headless-shell
// (Debian chromium-headless-shell). Exit 0 when REPORT.html passes and every
// BROKEN page fails, 1 otherwise, 2 on a usage error.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [htmlPath, jsonPath, flag, ...broken] = process.argv.slice(2);
if (!htmlPath || !jsonPath || (flag !== undefined && (flag !== '--must-fail' || !broken.length))) {
  console.error('usage: node check_report.mjs REPORT.html REPORT.json [--must-fail BROKEN.html...]');
  process.exit(2);
}
const executablePath = process.env.FCBENCH_CHROMIUM || '/usr/bin/chromium-headless-shell';
if (!existsSync(executablePath)) {
  console.error(`${executablePath} not found (Debian: apt-get install chromium-headless-shell)`);
  process.exit(2);
}
const report = JSON.parse(readFileSync(jsonPath, 'utf8'));

// The statistics every row must carry (the JSON format's group keys).
const REQUIRED = ['benchmark', 'params', 'vmm', 'accel', 'metric', 'unit', 'better', 'n', 'mean',
  'sd', 'cv', 'median', 'min', 'max', 'p5', 'p25', 'p75', 'p95', 'p99', 'ci95_mean',
  'ci95_median', 'outliers'];

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
}

// The number(s) a cell shows, e.g. "1234", "0.5 %", "[1.2, 3.4]".
function shownNumbers(text) {
  return (text.match(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|-?inf|NaN/gi) || []).map(Number);
}

function close(shown, exact) {
  if (!Number.isFinite(exact)) return Number.isNaN(exact) ? Number.isNaN(shown) : shown === exact;
  return Math.abs(shown - exact) <= 5e-4 * Math.abs(exact) + 1e-12;
}

function checkCell(cell, groups, fail) {
  const where = `summary table group ${cell.group} ${cell.stat}`;
  const g = groups[cell.group];
  if (!g) return fail(`${where}: the JSON report has no group ${cell.group}`);
  let exact;
  try {
    exact = JSON.parse(cell.value);
  } catch (e) {
    return fail(`${where}: data-value is not JSON: ${cell.value}`);
  }
  const expected = cell.stat === 'outliers' ? g.outliers.length : g[cell.stat];
  if (!deepEqual(exact, expected))
    return fail(`${where}: the page has ${cell.value}, the JSON ${JSON.stringify(expected)}`);
  if (typeof exact === 'string') {
    if (!cell.text.includes(exact)) fail(`${where}: shows "${cell.text}", not ${exact}`);
    return;
  }
  if (exact === null) {
    if (!/no CI/.test(cell.text)) fail(`${where}: no value, but the cell shows "${cell.text}"`);
    return;
  }
  const numbers = typeof exact === 'number' ? [exact] : Array.isArray(exact) ? exact : null;
  if (!numbers || !numbers.every((x) => typeof x === 'number')) return;  // params: compared above
  const shown = shownNumbers(cell.text);
  if (shown.length !== numbers.length)
    return fail(`${where}: shows "${cell.text}" for ${cell.value}`);
  numbers.forEach((x, i) => {
    if (!close(shown[i], x * cell.scale))
      fail(`${where}: shows "${cell.text}", which is not ${x * cell.scale} to 4 digits`);
  });
}

// Every check on one page; returns what failed.
async function checkPage(browser, htmlPath) {
  const url = pathToFileURL(resolve(htmlPath)).href;
  const failures = [];
  const fail = (what) => failures.push(what);
  const context = await browser.newContext({ offline: true });
  try {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') fail(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => fail(`uncaught exception: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== url) fail(`request other than the report: ${r.url()}`);
    });
    page.on('requestfailed', (r) => {
      if (r.url() === url) fail(`the report itself failed to load: ${r.failure()?.errorText}`);
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || !response.ok()) fail(`loading ${url} failed`);
    await page.waitForTimeout(300);  // late console errors and requests
    const summary = await checkContent(page, htmlPath, fail);
    console.log(`${url}: ${summary}`);
  } catch (e) {
    fail(`checking the page failed: ${e.message}`);
  } finally {
    await context.close();
  }
  return failures;
}

// Figures, ids and the summary table against the JSON report.
async function checkContent(page, htmlPath, fail) {
  const figures = await page.$$eval('figure', (fs) =>
    fs.map((f) => {
      const svg = f.querySelector('svg');
      const box = svg ? svg.getBoundingClientRect() : null;
      // gnuplot draws each plot element inside <g id="...gnuplot_plot_N">.
      let drawn = 0;
      if (svg)
        for (const g of svg.querySelectorAll('g[id*="gnuplot_plot_"]'))
          for (const el of g.querySelectorAll('path, use, circle, rect, polygon')) {
            const r = el.getBoundingClientRect();
            if ((el.getAttribute('d') || el.tagName !== 'path') && (r.width > 0 || r.height > 0))
              drawn++;
          }
      return {
        name: f.dataset.figure || f.id,
        caption: f.querySelector('figcaption')?.textContent || '',
        svg: !!svg,
        width: box ? box.width : 0,
        height: box ? box.height : 0,
        drawn,
        problem: f.querySelector('.problem')?.textContent || '',
      };
    }));
  if (figures.length === 0) fail('no <figure> in the page');
  const names = new Set(figures.map((f) => f.name));
  const captions = figures.map((f) => f.caption);
  for (const metric of new Set((report.groups || []).map((g) => g.metric)))
    if (!captions.some((c) => c === metric || c.startsWith(`${metric} (`) || c.startsWith(`${metric} —`)))
      fail(`no figure of metric ${metric}`);
  if (report.concurrency && !names.has('concurrency')) fail('no concurrency figure');
  if (report.slowdown && Object.keys(report.slowdown.by_plugin || {}).length &&
      !names.has('slowdown-by-plugin'))
    fail('no slowdown figure');
  const dir = join(dirname(resolve(htmlPath)), 'figures');
  for (const file of existsSync(dir) ? readdirSync(dir) : [])
    if (file.endsWith('.svg') && !names.has(file.slice(0, -4)))
      fail(`figures/${file} has no figure in the page`);
  for (const f of figures) {
    if (!f.svg) fail(`figure ${f.name}: no SVG${f.problem ? ` (${f.problem})` : ''}`);
    else if (f.width < 100 || f.height < 50)
      fail(`figure ${f.name}: SVG laid out at ${f.width}x${f.height}`);
    else if (f.drawn === 0) fail(`figure ${f.name}: nothing drawn in its plot elements`);
  }
  const loose = await page.$$eval('svg', (ss) => ss.filter((s) => !s.closest('figure')).length);
  if (loose) fail(`${loose} SVG element(s) outside a <figure>`);

  const dupes = await page.$$eval('[id]', (els) => {
    const seen = new Map();
    for (const e of els) seen.set(e.id, (seen.get(e.id) || 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  if (dupes.length) fail(`ids used more than once: ${dupes.slice(0, 10).join(', ')}`);

  const rows = await page.$$eval('#summary-table tbody tr', (trs) =>
    trs.map((tr) => ({
      group: Number(tr.dataset.group),
      visible: tr.getBoundingClientRect().height > 0,
      cells: [...tr.querySelectorAll('td[data-stat]')].map((td) => ({
        group: Number(td.dataset.group),
        stat: td.dataset.stat,
        value: td.dataset.value,
        text: td.textContent.trim(),
        scale: Number(td.dataset.scale || 1),
      })),
    })));
  const groups = report.groups || [];
  if (rows.length !== groups.length)
    fail(`the summary table has ${rows.length} rows, the JSON report ${groups.length} groups`);
  rows.forEach((row, i) => {
    if (row.group !== i) fail(`summary table row ${i} is group ${row.group}`);
    if (!row.visible) fail(`summary table row ${i} is not displayed`);
    const stats = new Set(row.cells.map((c) => c.stat));
    for (const k of REQUIRED) if (!stats.has(k)) fail(`summary table row ${i}: no ${k} cell`);
    for (const c of row.cells) {
      if (c.group !== i) fail(`summary table row ${i}: a cell of group ${c.group}`);
      checkCell(c, groups, fail);
    }
  });

  const cells = rows.reduce((n, r) => n + r.cells.length, 0);
  return `${figures.length} figures (${figures.map((f) => `${f.name}: ${f.drawn}`).join(', ')}), ` +
    `${rows.length} summary rows, ${cells} cells compared with ${jsonPath}`;
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
let ok = true;
try {
  const failures = await checkPage(browser, htmlPath);
  for (const f of failures.slice(0, 40)) console.log(`FAIL: ${f}`);
  if (failures.length > 40) console.log(`... and ${failures.length - 40} more`);
  if (failures.length) ok = false;
  else console.log('ok: no console error, no request, every figure drawn, every number equal to the JSON');
  for (const b of broken) {
    const caught = await checkPage(browser, b);
    if (caught.length) console.log(`ok: ${b} fails as it must: ${caught[0]}`);
    else {
      console.log(`FAIL: ${b} is broken on purpose, but passed every check`);
      ok = false;
    }
  }
} finally {
  await browser.close();
}
process.exit(ok ? 0 : 1);
