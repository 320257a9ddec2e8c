import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const { loadDir } = require('../../tools/diff') as { loadDir(dir: string): { file: string; doc: any }[] };

/** Runs examples/<name>.ts the way its header says, into a temp dir; returns the objects. */
function run(name: string): { file: string; doc: any }[] {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  try {
    const r = spawnSync(process.execPath, ['-r', './scripts/ts-hook.js', `examples/${name}.ts`], {
      cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: out }, encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`examples/${name}.ts failed:\n${r.stderr}`);
    return loadDir(out);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
const names = (list: { doc: any }[], kind: string) => list.filter((m) => m.doc.kind === kind).map((m) => m.doc.metadata.name).sort();

describe('examples/', () => {
  test('minimal: the default objects', () => {
    const objs = run('minimal');
    expect(objs.map((m) => m.doc.kind).sort()).toEqual(
      ['Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    expect(names(objs, 'Service')).toEqual(['hello-svc']);
  }, 30_000);

  test('all-features: Ingress, migration Job and a Gateway API HTTPRoute to the Service', () => {
    const objs = run('all-features');
    const route = objs.find((m) => m.doc.kind === 'HTTPRoute')!.doc;
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'shop-svc', port: 80 }]);
    expect(names(objs, 'Ingress')).toEqual(['shop-ingress']);
    expect(names(objs, 'Job')).toHaveLength(1);
  }, 30_000);

  test('many-services: every service in one Chart, one file', () => {
    const objs = run('many-services');
    expect(new Set(objs.map((m) => m.file))).toEqual(new Set(['platform.k8s.yaml']));
    expect(names(objs, 'Deployment')).toHaveLength(8);
    expect(names(objs, 'Ingress')).toEqual(['accounts-ingress', 'catalog-ingress', 'orders-ingress']);
  }, 30_000);
});
