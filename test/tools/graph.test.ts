import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';

interface Graph {
  nodes: { id: string; group: string; kind: string; name: string; namespace: string }[];
  edges: { from: string; to: string; label: string }[]
}
const tool: {
  buildGraph(manifests: { file: string; doc: any }[]): Graph;
  renderMermaid(g: Graph, o?: { title?: string }): string;
  replaceBlock(md: string, mermaid: string): string | undefined;
  selectorMatches(sel: any, labels: Record<string, string> | undefined): boolean;
  serviceSelects(sel: any, labels: Record<string, string> | undefined): boolean;
  START: string; END: string;
} = require('../../tools/graph');

const sel = { app: 'api', component: 'web' };
const podLabels = { ...sel, version: '1' };
const meta = (name: string, ns?: string) => ({ name, ...(ns ? { namespace: ns } : {}) });
const deployment = (name: string, labels: Record<string, string>, ns?: string, sa?: string) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(name, ns),
  spec: {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { serviceAccountName: sa, containers: [], volumes: [{ name: 'c', configMap: { name: 'files' } }] },
    },
  },
});
const objects = (ns?: string) => [
  deployment('api', podLabels, ns, 'api'),
  deployment('worker', { app: 'api', component: 'worker' }, ns),
  { apiVersion: 'v1', kind: 'Service', metadata: meta('api-svc', ns), spec: { selector: sel } },
  { apiVersion: 'v1', kind: 'Service', metadata: meta('headless', ns), spec: {} }, // no selector: selects nothing
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('api-hpa', ns),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' } },
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta('api-pdb', ns),
    spec: { selector: { matchLabels: sel } },
  },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('all', ns), spec: { podSelector: {} } },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('api-ing', ns),
    spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'api-svc', port: { name: 'http' } } } }] } }] },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: meta('api-route', ns),
    spec: {
      rules: [{
        backendRefs: [
          { name: 'api-svc', port: 80 }, { kind: 'ServiceImport', group: 'multicluster.x-k8s.io', name: 'api-svc' },
        ],
      }],
    },
  },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('api', ns) },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default', ns) },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('files', ns) },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('api-migrate-1234abcd', ns),
    spec: {
      template: { metadata: { labels: { app: 'api', component: 'migration' } }, spec: { serviceAccountName: 'api' } },
    },
  },
];

/** Edges as "Kind/name -label-> Kind/name". */
function edges(g: Graph): string[] {
  const name = (id: string) => { const n = g.nodes.find((x) => x.id === id)!; return `${n.kind}/${n.name}`; };
  return g.edges.map((e) => `${name(e.from)} -${e.label}-> ${name(e.to)}`).sort();
}

describe('tools/graph relations', () => {
  test('every relation kind', () => {
    const g = tool.buildGraph(objects('ns').map((doc) => ({ file: 'app.k8s.yaml', doc })));
    expect(edges(g)).toEqual([
      'Deployment/api -mounts-> ConfigMap/files',
      'Deployment/api -runs as-> ServiceAccount/api',
      'Deployment/worker -mounts-> ConfigMap/files',
      'Deployment/worker -runs as-> ServiceAccount/default', // no serviceAccountName: the namespace's default
      'HTTPRoute/api-route -routes-> Service/api-svc', // the ServiceImport backend is not a Service
      'HorizontalPodAutoscaler/api-hpa -scales-> Deployment/api',
      'Ingress/api-ing -routes-> Service/api-svc',
      'Job/api-migrate-1234abcd -runs as-> ServiceAccount/api',
      'NetworkPolicy/all -isolates-> Deployment/api', // empty podSelector: every pod
      'NetworkPolicy/all -isolates-> Deployment/worker',
      'PodDisruptionBudget/api-pdb -protects-> Deployment/api',
      'Service/api-svc -selects-> Deployment/api',
    ]);
    expect(g.nodes.map((n) => n.kind)).toContain('Job');
  });

  test('relations stay within one folder and one namespace', () => {
    const g = tool.buildGraph([
      ...objects('a').map((doc) => ({ file: 'envs/a/app.yaml', doc })),
      { file: 'envs/b/app.yaml', doc: objects('a')[2] }, // same namespace, other folder
      { file: 'envs/a/more.yaml', doc: { ...objects('c')[2] } }, // same folder, other namespace
    ]);
    const svcEdges = g.edges.filter((e) => e.label === 'selects');
    expect(svcEdges).toHaveLength(1);
    expect(svcEdges[0].from).toBe(
      g.nodes.find(
        (n) => n.group === 'envs/a' && n.kind === 'Service' && n.name === 'api-svc' && n.namespace === 'a',
      )!.id,
    );
  });

  test('HTTPRoute backendRefs may name another namespace', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: meta('r', 'edge'),
      spec: { rules: [{ backendRefs: [{ name: 'api-svc', namespace: 'ns' }] }] },
    };
    const g = tool.buildGraph([...objects('ns'), route].map((doc) => ({ file: 'x.yaml', doc })));
    expect(edges(g)).toContain('HTTPRoute/r -routes-> Service/api-svc');
  });

  test('label selectors', () => {
    expect(tool.selectorMatches({ matchLabels: { a: '1' } }, { a: '1', b: '2' })).toBe(true);
    expect(tool.selectorMatches({ matchLabels: { a: '1', c: '3' } }, { a: '1' })).toBe(false);
    expect(tool.selectorMatches({}, { a: '1' })).toBe(true);
    expect(tool.selectorMatches(undefined, { a: '1' })).toBe(false);
    expect(
      tool.selectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] }, { a: '2' }),
    ).toBe(true);
    expect(
      tool.selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['2'] }] }, { a: '2' }),
    ).toBe(false);
    expect(tool.selectorMatches({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, {})).toBe(false);
    expect(tool.selectorMatches({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, {})).toBe(true);
    expect(tool.serviceSelects({}, { a: '1' })).toBe(false);
    expect(tool.serviceSelects({ a: '1' }, { a: '1', b: '2' })).toBe(true);
  });

  test('deterministic: input order does not change the diagram', () => {
    const list = objects('ns').map((doc) => ({ file: 'app.k8s.yaml', doc }));
    const a = tool.renderMermaid(tool.buildGraph(list));
    const b = tool.renderMermaid(tool.buildGraph([...list].reverse()));
    expect(a).toBe(b);
    expect(a.split('\n')[0]).toBe('flowchart LR');
    expect(a).toContain('ns_svc_api_svc -->|selects| ns_deploy_api');
  });

  test('markdown block replacement', () => {
    const md = `# T\n\n${tool.START}\nold\n${tool.END}\n\nrest\n`;
    const out = tool.replaceBlock(md, 'flowchart LR')!;
    expect(out).toContain('```mermaid\nflowchart LR\n```');
    expect(out.startsWith('# T\n\n<!-- graph:start -->')).toBe(true);
    expect(out.endsWith(`${tool.END}\n\nrest\n`)).toBe(true);
    expect(tool.replaceBlock(out, 'flowchart LR')).toBe(out);
    expect(tool.replaceBlock('# no markers', 'x')).toBeUndefined();
  });

  test('CLI: writes the block, --check passes when fresh and fails when stale, no markers prints', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-test-'));
    try {
      fs.mkdirSync(path.join(dir, 'dist'));
      fs.writeFileSync(path.join(dir, 'dist', 'a.yaml'), objects().map((o) => JSON.stringify(o)).join('\n---\n'));
      const md = path.join(dir, 'README.md');
      fs.writeFileSync(md, `x\n${tool.START}\n${tool.END}\n`);
      const run = (...args: string[]) => {
        try {
          return {
            code: 0,
            out: execFileSync(
              process.execPath,
              [path.join(__dirname, '../../tools/graph.js'), ...args],
              { cwd: dir, stdio: 'pipe', encoding: 'utf8' },
            ),
          };
        } catch (e: any) { return { code: e.status as number, out: String(e.stdout) }; }
      };
      expect(run('--check').code).toBe(1);
      expect(run().code).toBe(0);
      expect(fs.readFileSync(md, 'utf8')).toContain('svc_api_svc -->|selects| deploy_api');
      expect(run('--check').code).toBe(0);
      fs.writeFileSync(md, 'no markers\n');
      const r = run('--check');
      expect(r).toEqual({ code: 0, out: expect.stringContaining('flowchart LR') });
      expect(fs.readFileSync(md, 'utf8')).toBe('no markers\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
