// The report of verify/bench/run.cjs: the targets (PASS / NOT MET from ratios against the baselines
// of the same run) and results.md rendered from the results (`run.cjs --render` re-renders it from
// results.json without measuring).
'use strict';
const fs = require('fs');
const path = require('path');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, d = 1) => (x === undefined || x === null ? x : Math.round(x * 10 ** d) / 10 ** d);

/** Median of a numeric field over the JSON lines the child printed. */
function childMedian(results, id, field) {
  const r = results[id];
  return r && r.child ? round(median(r.child.map((c) => c[field]))) : undefined;
}

/** The targets, from the medians in `results`; `rec` is the synth mode the README recommends. */
function evaluate(results, rec) {
  const m = (id) => results[id]?.medianMs;
  const t = [];
  const ratio = (x, y) => (x !== undefined && y ? round(x / y, 3) : undefined);
  const target = (name, value, limit, unit, detail) => {
    const status = value === undefined ? 'NOT MEASURED' : value <= limit ? 'PASS' : 'NOT MET';
    t.push({ name, value, limit, unit, status, detail });
  };
  target('npx cdk8s synth of main.ts (warm cache) / baseline (a)',
    ratio(m('main-synth-warm'), m('baseline-a')), 0.4, 'ratio', `${m('main-synth-warm')} ms / ${m('baseline-a')} ms`);
  target('npx cdk8s synth of main.ts (cold cache, clean checkout) / baseline (a)',
    ratio(m('main-synth-cold'), m('baseline-a')), 0.4, 'ratio', `${m('main-synth-cold')} ms / ${m('baseline-a')} ms`);
  target('node -r ts-hook main.ts (warm) / node floor (b)',
    ratio(m('main-node-warm'), m('baseline-b')), 2, 'ratio', `${m('main-node-warm')} ms / ${m('baseline-b')} ms`);
  const k1000 = `services-one-chart-${rec}-1000`;
  const k100 = `services-one-chart-${rec}-100`;
  target(`1000 services, one Chart, ${rec === 'fast' ? 'synthFast' : 'app.synth'}: process wall`,
    m(k1000), 2500, 'ms', `node -r ts-hook, whole process`);
  const w1000 = childMedian(results, k1000, 'workMs');
  const w100 = childMedian(results, k100, 'workMs');
  if (results['npm-test']) {
    target('npm test (unit tier: tsc + jest), one run', m('npm-test'), 20000, 'ms', 'in the checkout copy');
  }
  target('t(1000)/t(100), construct+synth time inside the process', ratio(w1000, w100), 12, 'ratio',
    `${w1000} ms / ${w100} ms (process wall: ${m(k1000)} / ${m(k100)} = ${ratio(m(k1000), m(k100))})`);
  return t;
}

/** The first `n` of `xs`, each formatted by `fmt`, comma-separated. */
const listed = (xs, n, fmt) => xs.slice(0, n).map(fmt).join(', ');

/** results.md: the targets, every case, the child-reported phases, the profiles and notes.md. */
function markdown({ meta, results: r, targets, profiles }) {
  const L = [];
  L.push('# cdk8s-fastapi synth benchmark', '');
  const source = meta.source === 'head' ? 'clean `git archive HEAD` checkout' : 'working-tree copy';
  const versions = Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join(', ');
  L.push(`Run ${meta.date} on ${meta.commit} (${source}), ${meta.machine.cpus} CPUs (${meta.machine.cpuModel}), ` +
    `node ${meta.node}, ${versions}. Load average at start ${meta.machine.loadavgAtStart.join(' / ')}, ` +
    `at end ${meta.loadavgAtEnd.join(' / ')}; the run took ${meta.durationS} s.`);
  L.push('Regenerate with `npm run bench` (`node verify/bench/run.cjs`); raw runs, child-process phase timings ' +
    'and profiles are in results.json.', '');
  L.push('## Targets', '', '| target | value | limit | status | detail |', '|---|---|---|---|---|');
  for (const t of targets) {
    const value = `${t.value ?? '-'}${t.unit === 'ms' ? ' ms' : ''}`;
    const limit = t.unit === 'ms' ? '≤ ' + t.limit + ' ms' : '≤ ' + t.limit + '×';
    L.push(`| ${t.name} | ${value} | ${limit} | **${t.status}** | ${t.detail} |`);
  }
  const c = r['baseline-c'];
  L.push('');
  if (c?.medianMs && r['main-synth-warm'] && r['main-node-warm'] && r['main-inprocess']) {
    const vsHelm = (ms, d = 2) => round(ms / c.medianMs, d);
    const inProcessWarm = median(r['main-inprocess'].child.flatMap((x) => x.warmMs));
    L.push(`vs helm template (c) = ${c.medianMs} ms: npx cdk8s synth of main.ts (warm) is ` +
      `${vsHelm(r['main-synth-warm'].medianMs)}×, node -r ts-hook main.ts ${vsHelm(r['main-node-warm'].medianMs)}×, ` +
      `in-process main.ts construct+synth (JIT-warm) ${vsHelm(inProcessWarm, 3)}×.`);
  } else {
    L.push(`helm template (c): ${c ? `not measured: ${c.notMeasured}` : 'not run'}`);
  }
  L.push('', '## All cases', '',
    '| case | median ms | min | max | runs | CPU ms (user+sys, median) | peak RSS MB | ratio to (a) | ratio to (b) |',
    '|---|---|---|---|---|---|---|---|---|');
  const a = r['baseline-a']?.medianMs ?? NaN;
  const b = r['baseline-b']?.medianMs ?? NaN;
  for (const x of Object.values(r)) {
    if (!x.runs) { L.push(`| ${x.label} | not measured: ${x.notMeasured} | | | | | | | |`); continue; }
    L.push(`| ${x.label} | ${x.medianMs} | ${x.minMs} | ${x.maxMs} | ${x.runs.length} | ${x.medianCpuMs ?? '-'} | ` +
      `${x.peakRssMB} | ${round(x.medianMs / a, 2)} | ${round(x.medianMs / b, 2)} |`);
  }
  L.push('', 'Wall-clock medians decide the targets. CPU is user+sys of the whole process tree (`/usr/bin/time`; ' +
    'node\'s GC and compiler threads make it exceed wall when idle cores exist); ' +
    'wall well above CPU means the run waited for a core (other load on the machine; ' +
    'per-run 1-minute load averages are in results.json). ' +
    'Peak RSS is `/usr/bin/time -f %M`: for commands that spawn (npx, cdk8s synth) ' +
    'it is the largest single process of the tree.');
  L.push('', '### Inside the process (child-reported phases, medians in ms)', '',
    '| case | boot (node + hook) | load modules | construct | synth | construct+synth | child maxRSS MB | output |',
    '|---|---|---|---|---|---|---|---|');
  for (const [id, x] of Object.entries(r)) {
    if (!id.startsWith('services-')) continue;
    const f = (k) => childMedian(r, id, k);
    const output = `${x.child[0].files} file(s), ${round(x.child[0].bytes / 2 ** 20, 2)} MiB`;
    L.push(`| ${x.label} | ${f('bootMs')} | ${f('loadMs')} | ${f('constructMs')} | ${f('synthMs')} | ` +
      `${f('workMs')} | ${round(f('maxRssKB') / 1024)} | ${output} |`);
  }
  const mi = r['main-inprocess'];
  if (mi) {
    const warm = mi.child.flatMap((x) => x.warmMs);
    const med = (field) => round(median(mi.child.map((x) => x[field])));
    L.push('', `main.ts in one process: node boot + ts-hook ${med('bootMs')} ms, ` +
      `loading cdk8s + cdk8s-plus-28 + lib ${med('loadMs')} ms, ` +
      `first construct+synth of its 3 apps ${med('firstMs')} ms, JIT-warm repeats median ${round(median(warm))} ms ` +
      `(min ${round(Math.min(...warm))}, max ${round(Math.max(...warm))}, ${warm.length} runs).`);
  }
  if (Object.keys(profiles).length) {
    L.push('', '## Profiles (node --cpu-prof, self time)', '');
    for (const [id, list] of Object.entries(profiles)) {
      for (const p of list) {
        if (p.totalMs < 50) continue;
        L.push(`### ${id}: \`${p.command}\`, ${p.totalMs} ms sampled`, '');
        L.push('By package / file: ' + listed(p.byCategory, 8, (x) => `${x.name} ${x.ms} ms (${x.pct}%)`) + '.', '');
        L.push('By package / file, inclusive (samples with any of its frames on the stack): ' +
          listed(p.byCategoryInclusive, 10, (x) => `${x.name} ${x.ms} ms`) + '.', '');
        L.push('Top self time: ' + listed(p.topSelf, 8, (x) => `\`${x.name}\` ${x.ms} ms`) + '.', '');
        if (p.ownInclusive.length) {
          L.push('lib/ functions, inclusive: ' +
            listed(p.ownInclusive, 8, (x) => `\`${x.name}\` ${x.ms} ms (${x.pct}%)`) + '.', '');
        }
      }
    }
  }
  const notes = path.join(__dirname, 'notes.md');
  if (fs.existsSync(notes)) L.push('', fs.readFileSync(notes, 'utf8').trim());
  return L.join('\n') + '\n';
}

module.exports = { median, round, childMedian, evaluate, markdown };
