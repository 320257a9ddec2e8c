#!/usr/bin/env node
// Object-level summary of what the working tree's main.ts would do to the committed dist/:
// synthesizes main.ts into a temp dir, compares every object (keyed by apiVersion, kind,
// namespace and name, across all files and subfolders) with dist/ at a git ref, and prints the
// added, removed and changed objects with the changed field paths.
//
//   npm run diff                      # main.ts vs dist/ at HEAD
//   npm run diff -- --exit-code       # exit 1 when anything changed (CI)
//   npm run diff -- --ref origin/main # another base
//   npm run diff -- --new some/dir    # compare a directory instead of synthesizing main.ts
//   npm run diff -- --old some/dir    # base from a directory instead of git
// Exit: 0, or 1 with --exit-code and a difference, 2 on errors (synth failed, bad ref).
'use strict';
const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..');

/**
 * @typedef {{ file: string, doc: Record<string, any> }} Manifest  one object and the file (relative to dist/) it came from
 * @typedef {{ path: string, old: unknown, new: unknown }} FieldChange
 * @typedef {{ key: string, file: string, oldFile?: string, oldKey?: string, changes: FieldChange[] }} ChangedObject
 * @typedef {{ added: Manifest[], removed: Manifest[], changed: ChangedObject[], unchanged: number }} ManifestDiff
 */

/** Parses a multi-document YAML string into objects (empty documents dropped). */
function parseDocs(text, file) {
  return YAML.parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
      return d.toJS();
    })
    .filter((doc) => doc && typeof doc === 'object')
    .map((doc) => ({ file, doc }));
}

/** Every object in the *.yaml / *.yml files under dir (recursively, sorted by path). */
function loadDir(dir) {
  /** @type {Manifest[]} */
  const out = [];
  const walk = (sub) => {
    const entries = fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (/\.ya?ml$/.test(e.name)) out.push(...parseDocs(fs.readFileSync(path.join(dir, rel), 'utf8'), rel));
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

/** Every object in the *.yaml files under dir/ at a git ref ([] when dir/ does not exist there). */
function loadGit(ref, dir, cwd = ROOT) {
  const git = (args) => childProcess.execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const files = git(['ls-tree', '-r', '--name-only', ref, '--', `${dir}/`]).split('\n').filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.flatMap((f) => parseDocs(git(['show', `${ref}:${f}`]), path.posix.relative(dir, f)));
}

/** Runs main.ts (transpile-only hook) with CDK8S_OUTDIR=tmp and returns what it wrote. */
function synthMain(cwd = ROOT) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-diff-'));
  try {
    const r = childProcess.spawnSync(process.execPath, ['-r', './scripts/ts-hook.js', 'main.ts'], {
      cwd, env: { ...process.env, CDK8S_OUTDIR: tmp }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0) throw new Error(`synthesizing main.ts failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
    return loadDir(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** apiVersion kind namespace/name, e.g. "apps/v1 Deployment kf-api-prod/kf-api" (no namespace: "-/name"). */
function objectKey(doc) {
  const md = doc.metadata || {};
  return `${doc.apiVersion || '?'} ${doc.kind || '?'} ${md.namespace || '-'}/${md.name || '?'}`;
}

/** Keys that occur more than once in a list (the same object written to two folders). */
function repeatedKeys(list) {
  const seen = new Set();
  const dup = new Set();
  for (const m of list) { const k = objectKey(m.doc); (seen.has(k) ? dup : seen).add(k); }
  return dup;
}

/** Keys of a list; a key in `dup` gets "@file" appended. */
function keyed(list, dup) {
  const map = new Map();
  for (const m of list) {
    const k = objectKey(m.doc);
    map.set(dup.has(k) ? `${k} @${m.file}` : k, m);
  }
  return map;
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v) => v === null || typeof v !== 'object';
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Arrays of objects that all carry a distinct string `name` (containers, env, ports, volumes) are compared by name. */
function byName(arr) {
  if (!arr.length || !arr.every((e) => isObj(e) && typeof e.name === 'string')) return undefined;
  const m = new Map(arr.map((e) => [e.name, e]));
  return m.size === arr.length ? m : undefined;
}

const seg = (s) => (/^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`);

/** Field paths that differ between two values, e.g. spec.template.spec.containers[app].image. */
function fieldChanges(a, b, p = '') {
  /** @type {FieldChange[]} */
  const out = [];
  if (same(a, b)) return out;
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) out.push(...fieldChanges(a[k], b[k], p + seg(k)));
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ma = byName(a);
    const mb = byName(b);
    if (ma && mb) {
      const names = [...ma.keys(), ...[...mb.keys()].filter((n) => !ma.has(n))];
      for (const n of names) out.push(...fieldChanges(ma.get(n), mb.get(n), `${p}[${n}]`));
      return out;
    }
    // scalar lists (command, args) read best whole; lists of objects of equal length by index
    if (a.length === b.length && !(a.every(isScalar) && b.every(isScalar))) {
      a.forEach((_, i) => out.push(...fieldChanges(a[i], b[i], `${p}[${i}]`)));
      return out;
    }
  }
  out.push({ path: p.replace(/^\./, '') || '.', old: a, new: b });
  return out;
}

/** Name without a trailing content hash ("kf-api-migrate-19568eef" -> "kf-api-migrate"), for rename pairing. */
const unhashed = (k) => k.replace(/-[0-9a-f]{8}(?=$| @)/, '');

/**
 * Compares two lists of manifests (old, new).
 * @param {Manifest[]} oldList
 * @param {Manifest[]} newList
 * @returns {ManifestDiff}
 */
function diffManifests(oldList, newList) {
  const dup = new Set([...repeatedKeys(oldList), ...repeatedKeys(newList)]);
  const olds = keyed(oldList, dup);
  const news = keyed(newList, dup);
  /** @type {ManifestDiff} */
  const res = { added: [], removed: [], changed: [], unchanged: 0 };
  const change = (key, o, n, oldKey) => {
    const changes = fieldChanges(o.doc, n.doc);
    if (!changes.length && o.file === n.file && !oldKey) { res.unchanged++; return; }
    res.changed.push({ key, file: n.file, ...(o.file !== n.file ? { oldFile: o.file } : {}), ...(oldKey ? { oldKey } : {}), changes });
  };
  const removedKeys = [];
  for (const [k, o] of olds) {
    if (news.has(k)) change(k, o, news.get(k));
    else removedKeys.push(k);
  }
  const addedKeys = [...news.keys()].filter((k) => !olds.has(k));
  // a hash-suffixed name that changed (a migration Job whose spec changed) is one object renamed
  for (const rk of [...removedKeys]) {
    const matches = addedKeys.filter((ak) => unhashed(ak) === unhashed(rk) && ak !== rk);
    if (unhashed(rk) !== rk && matches.length === 1 && removedKeys.filter((x) => unhashed(x) === unhashed(rk)).length === 1) {
      change(matches[0], olds.get(rk), news.get(matches[0]), rk);
      removedKeys.splice(removedKeys.indexOf(rk), 1);
      addedKeys.splice(addedKeys.indexOf(matches[0]), 1);
    }
  }
  res.added = addedKeys.sort().map((k) => news.get(k));
  res.removed = removedKeys.sort().map((k) => olds.get(k));
  res.changed.sort((x, y) => x.key.localeCompare(y.key));
  return res;
}

/** A value in at most `max` characters. */
function short(v, max = 60) {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' && !/^\s|\s$|^$/.test(v) ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Human-readable report of a diff. */
function formatDiff(d, { oldLabel = 'old', newLabel = 'new', maxChanges = 25 } = {}) {
  const lines = [];
  const n = d.added.length + d.removed.length + d.changed.length;
  lines.push(`${newLabel} vs ${oldLabel}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged`);
  if (!n) return lines.join('\n');
  for (const m of d.added) lines.push(`+ ${objectKey(m.doc)}  (${m.file})`);
  for (const m of d.removed) lines.push(`- ${objectKey(m.doc)}  (${m.file})`);
  for (const c of d.changed) {
    const notes = [c.oldKey ? `renamed from ${c.oldKey.split(' ').pop()}` : '', c.oldFile ? `moved ${c.oldFile} → ${c.file}` : `${c.file}`].filter(Boolean);
    lines.push(`~ ${c.key}  (${notes.join('; ')})`);
    for (const f of c.changes.slice(0, maxChanges)) lines.push(`    ${f.path}: ${short(f.old)} → ${short(f.new)}`);
    if (c.changes.length > maxChanges) lines.push(`    … ${c.changes.length - maxChanges} more`);
  }
  return lines.join('\n');
}

function main(argv) {
  const opt = { exitCode: false, ref: 'HEAD', dist: 'dist', old: undefined, new: undefined, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--exit-code') opt.exitCode = true;
    else if (a === '--json') opt.json = true;
    else if (a === '--ref' || a === '--dist' || a === '--old' || a === '--new') opt[a.slice(2)] = argv[++i];
    else if (a === '-h' || a === '--help') { console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 12).map((l) => l.replace(/^\/\/ ?/, '')).join('\n')); return 0; }
    else { console.error(`diff: unknown argument ${a}`); return 2; }
  }
  let d;
  try {
    const oldList = opt.old ? loadDir(path.resolve(opt.old)) : loadGit(opt.ref, opt.dist);
    const newList = opt.new ? loadDir(path.resolve(opt.new)) : synthMain();
    d = diffManifests(oldList, newList);
  } catch (e) {
    console.error(`diff: ${e.message}`);
    return 2;
  }
  if (opt.json) console.log(JSON.stringify(d, null, 2));
  else console.log(formatDiff(d, { oldLabel: opt.old || `${opt.dist}/ at ${opt.ref}`, newLabel: opt.new || 'main.ts' }));
  const changed = d.added.length + d.removed.length + d.changed.length > 0;
  return opt.exitCode && changed ? 1 : 0;
}

module.exports = { diffManifests, fieldChanges, formatDiff, loadDir, loadGit, objectKey, parseDocs, synthMain };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
