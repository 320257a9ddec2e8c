// Summarizes a V8 .cpuprofile (node --cpu-prof): self time per package / source file, the
// functions with the most self time, and inclusive time of this repo's own functions (lib/).
'use strict';
const fs = require('fs');
const path = require('path');

function category(frame, root) {
  const url = frame.url || '';
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node (internal)';
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + 14).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (root && file.startsWith(root + '/')) return path.relative(root, file);
  if (file.includes('/bench/')) return 'bench/' + path.basename(file);
  return file;
}

/** Source file of a frame: package-relative inside node_modules, repo-relative for our code. */
function fileOf(frame, root) {
  const url = frame.url || '';
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  const nm = file.lastIndexOf('/node_modules/');
  return nm >= 0 ? file.slice(nm + 14) : category(frame, root);
}

function fnKey(frame, root) {
  return `${frame.functionName || '(anonymous)'} ${fileOf(frame, root)}:${frame.lineNumber + 1}`;
}

/** @returns {{totalMs, byCategory, topSelf, ownInclusive}} */
function summarize(file, root, { top = 12 } = {}) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const self = new Map(); // node id -> us
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] || 0;
    total += dt;
    self.set(prof.samples[i], (self.get(prof.samples[i]) || 0) + dt);
  }
  const byCat = new Map();
  const byFn = new Map();
  for (const [id, us] of self) {
    const f = nodes.get(id).callFrame;
    const cat = category(f, root);
    byCat.set(cat, (byCat.get(cat) || 0) + us);
    const k = fnKey(f, root);
    byFn.set(k, (byFn.get(k) || 0) + us);
  }
  // Inclusive time of functions defined in lib/ (each sample counted once per function on its stack).
  const own = new Map();
  for (const [id, us] of self) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = nodes.get(cur).callFrame;
      const cat = category(f, root);
      if (!cat.startsWith('lib/')) continue;
      const k = fnKey(f, root);
      if (seen.has(k)) continue;
      seen.add(k);
      own.set(k, (own.get(k) || 0) + us);
    }
  }
  // Inclusive time per package / file: samples with any of its frames on the stack (e.g. what
  // loading `typescript` costs a process, the module compilation in node internals included).
  const incl = new Map();
  for (const [id, us] of self) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cat = category(nodes.get(cur).callFrame, root);
      if (cat.startsWith('(') || cat === 'node (internal)' || seen.has(cat)) continue;
      seen.add(cat);
      incl.set(cat, (incl.get(cat) || 0) + us);
    }
  }
  const ms = (us) => Math.round(us / 100) / 10;
  // The `top` largest entries of a name -> us map, as { name, ms, pct of the total }.
  const largest = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, us]) => ({ name, ms: ms(us), pct: Math.round((1000 * us) / total) / 10 }));
  return {
    file: path.basename(file),
    totalMs: ms(total),
    byCategory: largest(byCat),
    byCategoryInclusive: largest(incl),
    topSelf: largest(byFn),
    ownInclusive: largest(own),
  };
}

module.exports = { summarize };

if (require.main === module) {
  const [file, root] = process.argv.slice(2);
  console.log(JSON.stringify(summarize(file, root), null, 1));
}
