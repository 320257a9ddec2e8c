import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// tools/ is plain JS: typed here by what the tests use.
interface Manifest { file: string; doc: any }
interface Diff {
  added: Manifest[]; removed: Manifest[]; unchanged: number;
  changed: { key: string; file: string; oldFile?: string; oldKey?: string; changes: { path: string; old: unknown; new: unknown }[] }[];
}
const tool: {
  diffManifests(a: Manifest[], b: Manifest[]): Diff;
  formatDiff(d: Diff, o?: object): string;
  loadDir(dir: string): Manifest[];
  loadGit(ref: string, dir: string, cwd: string): Manifest[];
} = require('../../tools/diff');

const deployment = (ns: string | undefined, replicas: number, image = 'app:1') => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', ...(ns ? { namespace: ns } : {}) },
  spec: {
    replicas,
    template: { spec: { containers: [{ name: 'app', image, args: ['--port', '8000'] }, { name: 'sidecar', image: 'proxy:1' }] } },
  },
});
const service = (ns?: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api-svc', namespace: ns }, spec: { ports: [{ port: 80 }] } });
const job = (hash: string, backoffLimit: number) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `api-migrate-${hash}`, namespace: 'prod' }, spec: { backoffLimit } });

function writeDir(files: Record<string, object[]>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-test-'));
  for (const [f, docs] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), docs.map((d) => JSON.stringify(d)).join('\n---\n') + '\n');
  }
  return dir;
}

describe('tools/diff', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const load = (files: Record<string, object[]>) => { const d = writeDir(files); dirs.push(d); return tool.loadDir(d); };

  test('identical dirs: nothing changed', () => {
    const files = { 'a.k8s.yaml': [deployment(undefined, 2), service()], 'env/prod/a.k8s.yaml': [deployment('prod', 3)] };
    const d = tool.diffManifests(load(files), load(files));
    expect(d).toEqual({ added: [], removed: [], changed: [], unchanged: 3 });
    expect(tool.formatDiff(d)).toBe('new vs old: 0 added, 0 removed, 0 changed, 3 unchanged');
  });

  test('added, removed and changed objects across subfolders, keyed by apiVersion/kind/namespace/name', () => {
    const before = load({
      'a.k8s.yaml': [deployment(undefined, 2), service()],
      'env/prod/a.k8s.yaml': [deployment('prod', 3)],
    });
    const after = load({
      'a.k8s.yaml': [deployment(undefined, 2)], // Service removed
      'env/prod/a.k8s.yaml': [deployment('prod', 5, 'app:2'), service('prod')], // changed + added
    });
    const d = tool.diffManifests(before, after);
    expect(d.added.map((m) => [m.file, m.doc.kind, m.doc.metadata.namespace])).toEqual([['env/prod/a.k8s.yaml', 'Service', 'prod']]);
    expect(d.removed.map((m) => [m.file, m.doc.kind])).toEqual([['a.k8s.yaml', 'Service']]);
    expect(d.unchanged).toBe(1);
    expect(d.changed).toEqual([{
      key: 'apps/v1 Deployment prod/api',
      file: 'env/prod/a.k8s.yaml',
      changes: [
        { path: 'spec.replicas', old: 3, new: 5 },
        { path: 'spec.template.spec.containers[app].image', old: 'app:1', new: 'app:2' },
      ],
    }]);
    const text = tool.formatDiff(d, { oldLabel: 'HEAD', newLabel: 'main.ts' });
    expect(text).toContain('main.ts vs HEAD: 1 added, 1 removed, 1 changed, 1 unchanged');
    expect(text).toContain('+ v1 Service prod/api-svc  (env/prod/a.k8s.yaml)');
    expect(text).toContain('- v1 Service -/api-svc  (a.k8s.yaml)');
    expect(text).toContain('    spec.replicas: 3 → 5');
  });

  test('named list entries are matched by name, scalar lists shown whole, absent values as (none)', () => {
    const a = deployment('ns', 1);
    const b = JSON.parse(JSON.stringify(a));
    b.spec.template.spec.containers.reverse(); // order only: by-name matching sees no change
    b.spec.template.spec.containers[1].args = ['--port', '9000'];
    b.spec.template.spec.containers[0].env = [{ name: 'X', value: '1' }];
    const d = tool.diffManifests([{ file: 'f.yaml', doc: a }], [{ file: 'f.yaml', doc: b }]);
    expect(d.changed[0].changes).toEqual([
      { path: 'spec.template.spec.containers[app].args', old: ['--port', '8000'], new: ['--port', '9000'] },
      { path: 'spec.template.spec.containers[sidecar].env', old: undefined, new: [{ name: 'X', value: '1' }] },
    ]);
    expect(tool.formatDiff(d)).toContain('containers[sidecar].env: (none) → [{"name":"X","value":"1"}]');
  });

  test('a hash-suffixed name that changed is reported as one renamed object', () => {
    const d = tool.diffManifests([{ file: 'p.yaml', doc: job('19568eef', 2) }], [{ file: 'p.yaml', doc: job('0badcafe', 3) }]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed[0]).toMatchObject({ key: 'batch/v1 Job prod/api-migrate-0badcafe', oldKey: 'batch/v1 Job prod/api-migrate-19568eef' });
    expect(d.changed[0].changes.map((c) => c.path)).toEqual(['metadata.name', 'spec.backoffLimit']);
  });

  test('an object moved to another file is reported with both files', () => {
    const d = tool.diffManifests([{ file: 'a.yaml', doc: service('x') }], [{ file: 'b.yaml', doc: service('x') }]);
    expect(d.changed).toEqual([{ key: 'v1 Service x/api-svc', file: 'b.yaml', oldFile: 'a.yaml', changes: [] }]);
  });

  test('the same object in two folders stays two objects', () => {
    const list = [{ file: 'a/x.yaml', doc: service() }, { file: 'b/x.yaml', doc: service() }];
    const d = tool.diffManifests(list, [list[0]]);
    expect(d.removed.map((m) => m.file)).toEqual(['b/x.yaml']);
    expect(d.unchanged).toBe(1);
  });

  test('loadGit reads dist/ at a ref, including subfolders', () => {
    const repo = writeDir({ 'dist/a.k8s.yaml': [service()], 'dist/env/dev/a.k8s.yaml': [deployment('dev', 1)], 'other/x.yaml': [service('o')] });
    dirs.push(repo);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'x');
    const list = tool.loadGit('HEAD', 'dist', repo);
    expect(list.map((m) => [m.file, m.doc.kind])).toEqual([['a.k8s.yaml', 'Service'], ['env/dev/a.k8s.yaml', 'Deployment']]);
  });
});
