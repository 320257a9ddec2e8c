import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { allFeatures } from '../../examples/all-features';
import { manyServices } from '../../examples/many-services';
import { minimal } from '../../examples/minimal';
import { ordersApi } from '../../examples/orders-api';
import { checkObjects } from '../../lib/policy';
import { Manifest } from '../util';

const ROOT = path.join(__dirname, '..', '..');

function synth(build: (chart: Chart) => unknown, namespace?: string): Manifest[] {
  const chart = new Chart(Testing.app(), 'example', { namespace });
  build(chart);
  return Testing.synth(chart) as Manifest[];
}
const names = (manifests: Manifest[], kind: string) =>
  manifests.filter((m) => m.kind === kind).map((m) => m.metadata.name).sort();

describe('examples/', () => {
  test('minimal: the default objects', () => {
    const manifests = synth(minimal);
    expect(manifests.map((m) => m.kind).sort()).toEqual(
      ['Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    expect(names(manifests, 'Service')).toEqual(['hello-svc']);
  });

  test('all-features: Ingress, migration Job and a Gateway API HTTPRoute to the Service', () => {
    const manifests = synth(allFeatures);
    const route = manifests.find((m) => m.kind === 'HTTPRoute')!;
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'shop-svc', port: 8080 }]);
    expect(names(manifests, 'Ingress')).toEqual(['shop-ingress']);
    expect(names(manifests, 'Job')).toHaveLength(1);
  });

  test('many-services: one Ingress per public service', () => {
    const manifests = synth(manyServices, 'platform');
    expect(names(manifests, 'Deployment')).toHaveLength(8);
    expect(names(manifests, 'Ingress')).toEqual(['accounts-ingress', 'catalog-ingress', 'orders-ingress']);
  });

  test('orders-api: an API and a Celery worker, each with the Cloud SQL proxy and the certificate files', () => {
    const manifests = synth(ordersApi);
    expect(names(manifests, 'Deployment')).toEqual(['orders-api', 'orders-api-worker']);
    expect(names(manifests, 'Service')).toEqual(['orders-api-svc']);
    for (const deployment of manifests.filter((m) => m.kind === 'Deployment')) {
      const spec = deployment.spec.template.spec;
      expect(spec.containers.map((c: any) => c.name)).toContain('cloud-sql-proxy');
      expect(spec.volumes).toContainEqual(expect.objectContaining({ secret: expect.objectContaining({
        secretName: 'orders-payments-client', defaultMode: 0o440,
      }) }));
      expect(spec.tolerations)
        .toEqual([{ key: 'example.com/pool', operator: 'Equal', value: 'orders', effect: 'NoSchedule' }]);
    }
  });

  test('orders-api passes the policy plugin without waivers', () => {
    const manifests = synth(ordersApi);
    const waives = (m: Manifest) => Object.keys(m.metadata.annotations ?? {}).some((key) => key.includes('waive'));
    expect(manifests.filter(waives)).toEqual([]);
    expect(checkObjects(manifests)).toEqual([]);
  });

  test('an example run as its header says writes its manifests into one file', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-many-services-'));
    try {
      const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'examples/many-services.ts'], {
        cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir }, encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`examples/many-services.ts failed:\n${run.stderr}`);
      expect(fs.readdirSync(outdir)).toEqual(['platform.k8s.yaml']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});
