#!/usr/bin/env node
// Renders the objects in dist/ and how they refer to each other as a Mermaid flowchart:
//   Ingress / HTTPRoute --routes--> Service            (backend service names)
//   Service --selects--> Deployment                    (selector ⊆ pod template labels)
//   HPA --scales--> Deployment                         (scaleTargetRef)
//   PDB --protects--> Deployment                       (selector matches pod template labels)
//   NetworkPolicy --isolates--> Deployment             (podSelector matches pod template labels)
//   Deployment / Job --runs as--> ServiceAccount       (serviceAccountName)
//   Deployment / Job --mounts--> ConfigMap             (configMap volumes)
// Objects are grouped by folder and only linked within the same folder and namespace.
//
//   npm run graph                       # rewrite the block in README.md
//   npm run graph -- docs/arch.md       # another markdown file
//   npm run graph -- --check            # exit 1 if the block is stale (CI)
//   npm run graph -- --stdout           # print the diagram only
// The block sits between <!-- graph:start --> and <!-- graph:end -->; without those markers the
// diagram is printed and nothing is written (exit 0).
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
// Selector matching is the library's own (lib/_labels.ts), shared with the policy rules.
require('../scripts/ts-hook');
const { labelSelectorMatches: selectorMatches, selects: serviceSelects } = require('../lib/_labels.ts');

/** Every object in the *.yaml files under dir (recursively, sorted by path), with its file. */
function loadDir(dir) {
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.flatMap((file) => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))
    .map((document) => document.toJS())
    .filter((doc) => doc && typeof doc === 'object')
    .map((doc) => ({ file, doc })));
}

const START = '<!-- graph:start -->';
const END = '<!-- graph:end -->';
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const POD_OWNERS = new Set([...WORKLOADS, 'Job', 'CronJob']);

/** Pod template of a workload or Job (CronJob: its jobTemplate's). */
function podTemplate(doc) {
  if (doc.kind === 'CronJob') return doc.spec?.jobTemplate?.spec?.template;
  return POD_OWNERS.has(doc.kind) ? doc.spec?.template : undefined;
}

/** Service names an Ingress or HTTPRoute sends traffic to, as [namespace, name]. */
function backendServices(doc, ns) {
  const out = [];
  if (doc.kind === 'Ingress') {
    const backends = [
      doc.spec?.defaultBackend, ...(doc.spec?.rules || []).flatMap((r) => (r.http?.paths || []).map((p) => p.backend)),
    ];
    for (const b of backends) if (b?.service?.name) out.push([ns, b.service.name]);
  } else if (doc.kind === 'HTTPRoute' || doc.kind === 'GRPCRoute') {
    for (const r of doc.spec?.rules || []) {
      for (const b of r.backendRefs || []) {
        if ((b.kind ?? 'Service') === 'Service' && !b.group && b.name) out.push([b.namespace || ns, b.name]);
      }
    }
  }
  return out;
}

/**
 * Objects and edges of a list of manifests ({ file, doc }).
 * @returns {{ nodes: { id: string, group: string, kind: string, name: string, namespace: string }[],
 *   edges: { from: string, to: string, label: string }[] }}
 */
function buildGraph(manifests) {
  const used = new Set();
  const canon = (m) => [
    m.file, m.doc.metadata.namespace || '', m.doc.kind, m.doc.metadata.name, m.doc.apiVersion || '',
  ].join('\0');
  const nodes = manifests
    .filter((m) => m.doc && m.doc.kind && m.doc.metadata?.name)
    .sort((a, b) => (canon(a) < canon(b) ? -1 : canon(a) > canon(b) ? 1 : 0)) // ids independent of input order
    .map((m) => {
      const group = path.posix.dirname(m.file) === '.' ? '' : path.posix.dirname(m.file);
      const namespace = m.doc.metadata.namespace || '';
      let id = `${group}_${namespace}_${ID_KIND[m.doc.kind] || m.doc.kind}_${m.doc.metadata.name}`
        .replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
      while (used.has(id)) id += '_';
      used.add(id);
      return { id, group, kind: m.doc.kind, name: m.doc.metadata.name, namespace, doc: m.doc };
    });
  const edges = [];
  const seen = new Set();
  const link = (from, to, label) => {
    const k = `${from.id}>${to.id}>${label}`;
    if (from !== to && !seen.has(k)) { seen.add(k); edges.push({ from: from.id, to: to.id, label }); }
  };
  const find = (from, kinds, ns, name) => nodes.filter(
    (n) => n.group === from.group && n.namespace === ns && kinds.includes(
      n.kind,
    ) && (name === undefined || n.name === name),
  );
  const workloads = (from) => nodes.filter(
    (n) => n.group === from.group && n.namespace === from.namespace && WORKLOADS.has(n.kind),
  );
  const podLabels = (n) => podTemplate(n.doc)?.metadata?.labels;

  for (const n of nodes) {
    const spec = n.doc.spec || {};
    for (const [ns, name] of backendServices(n.doc, n.namespace)) for (const s of find(
      n, ['Service'], ns, name,
    )) link(n, s, 'routes');
    if (n.kind === 'Service') for (const w of workloads(n)) if (serviceSelects(
      spec.selector, podLabels(w),
    )) link(n, w, 'selects');
    if (n.kind === 'HorizontalPodAutoscaler' && spec.scaleTargetRef) {
      for (const w of find(n, [spec.scaleTargetRef.kind], n.namespace, spec.scaleTargetRef.name)) link(n, w, 'scales');
    }
    if (n.kind === 'PodDisruptionBudget') for (const w of workloads(n)) if (selectorMatches(
      spec.selector, podLabels(w),
    )) link(n, w, 'protects');
    if (n.kind === 'NetworkPolicy') for (const w of workloads(n)) if (selectorMatches(
      spec.podSelector, podLabels(w),
    )) link(n, w, 'isolates');
    const pod = podTemplate(n.doc)?.spec;
    if (pod) {
      for (const sa of find(
        n, ['ServiceAccount'], n.namespace, pod.serviceAccountName || pod.serviceAccount || 'default',
      )) link(n, sa, 'runs as');
      for (const v of pod.volumes || []) if (v.configMap?.name) for (const cm of find(
        n, ['ConfigMap'], n.namespace, v.configMap.name,
      )) link(n, cm, 'mounts');
    }
  }
  const byId = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  nodes.sort((a, b) => byId(a.id, b.id));
  edges.sort((a, b) => byId(a.from, b.from) || byId(a.to, b.to) || byId(a.label, b.label));
  return { nodes: nodes.map(({ doc: _doc, ...rest }) => rest), edges };
}

const ID_KIND = {
  Deployment: 'deploy', Service: 'svc', HorizontalPodAutoscaler: 'hpa', PodDisruptionBudget: 'pdb',
  NetworkPolicy: 'netpol',
  ServiceAccount: 'sa', Ingress: 'ing', HTTPRoute: 'httproute', ConfigMap: 'cm', Job: 'job',
};
const SHORT_KIND = { HorizontalPodAutoscaler: 'HPA', PodDisruptionBudget: 'PDB' };
const esc = (s) => String(s).replace(/"/g, '#quot;');

/** Mermaid flowchart text (deterministic: sorted nodes, edges and groups). */
function renderMermaid(graph, { title = 'dist/' } = {}) {
  const lines = ['flowchart LR'];
  const groups = [...new Set(graph.nodes.map((n) => n.group))].sort();
  const nodeLine = (n) => `${n.id}["${esc(SHORT_KIND[n.kind] || n.kind)}<br/>${esc(n.namespace ? `${n.namespace}/${
    n.name}` : n.name,
  )}"]`;
  const base = title.replace(/\/$/, '');
  for (const g of groups) {
    const members = graph.nodes.filter((n) => n.group === g);
    const gid = `sg_${g.replace(/[^A-Za-z0-9]+/g, '_')}`.replace(/_+$/, '');
    lines.push(`  subgraph ${gid}["${esc(g ? `${base}/${g}/` : `${base}/`)}"]`);
    members.forEach((n) => lines.push(`    ${nodeLine(n)}`));
    lines.push('  end');
  }
  for (const e of graph.edges) lines.push(`  ${e.from} -->|${e.label}| ${e.to}`);
  return lines.join('\n');
}

/** The markdown block between the markers. */
const GENERATED = '<!-- generated by tools/graph.js from dist/: npm run graph -->';
const block = (mermaid) => `${START}\n${GENERATED}\n\`\`\`mermaid\n${mermaid}\n\`\`\`\n${END}`;

/** The markdown with the block replaced, or undefined when the markers are missing. */
function replaceBlock(markdown, mermaid) {
  const s = markdown.indexOf(START);
  const e = markdown.indexOf(END, s);
  if (s < 0 || e < 0) return undefined;
  return markdown.slice(0, s) + block(mermaid) + markdown.slice(e + END.length);
}

function main(argv) {
  let file = 'README.md';
  let dist = 'dist';
  let check = false;
  let stdout = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') check = true;
    else if (a === '--stdout') stdout = true;
    else if (a === '--dist') dist = argv[++i];
    else if (a.startsWith('-')) { console.error(`graph: unknown option ${a}`); return 2; }
    else file = a;
  }
  const mermaid = renderMermaid(buildGraph(loadDir(path.resolve(dist))), { title: dist });
  if (stdout) { console.log(mermaid); return 0; }
  const md = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const next = replaceBlock(md, mermaid);
  if (next === undefined) {
    console.log(mermaid);
    console.error(`graph: no ${START} … ${END} markers in ${file}; printed the diagram instead`);
    return 0;
  }
  if (next === md) { console.error(`graph: ${file} is up to date`); return 0; }
  if (check) { console.error(`graph: the diagram in ${file} is stale; run \`npm run graph\``); return 1; }
  fs.writeFileSync(file, next);
  console.error(`graph: updated ${file}`);
  return 0;
}

module.exports = { buildGraph, renderMermaid, replaceBlock, selectorMatches, serviceSelects, START, END };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
