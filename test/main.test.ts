import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { Manifest, oneOf } from './util';

// main.ts's output, as committed in dist/ (the drift test proves dist/ is main.ts's output).
const DIST = path.join(__dirname, '..', 'dist');
const load = (file: string) => Yaml.load(path.join(DIST, file)) as Manifest[];

describe('the example app\'s deployment (dist/kf-api.k8s.yaml)', () => {
  const manifests = load('kf-api.k8s.yaml');

  test('has the objects the tutorial\'s kubectl commands name', () => {
    expect(oneOf(manifests, 'Deployment').metadata.name).toBe('kf-api');
    expect(oneOf(manifests, 'Service').metadata.name).toBe('kf-api-svc');
    expect(oneOf(manifests, 'HorizontalPodAutoscaler').metadata.name).toBe('kf-api-hpa');
  });

  test('serves port 8080 for kubectl port-forward service/kf-api-svc 8080', () => {
    expect(oneOf(manifests, 'Service').spec.ports[0].port).toBe(8080);
  });

  test('autoscales on 50% CPU between 1 and 10 pods', () => {
    const hpa = oneOf(manifests, 'HorizontalPodAutoscaler').spec;
    expect([hpa.minReplicas, hpa.maxReplicas, hpa.metrics[0].resource.target.averageUtilization]).toEqual([1, 10, 50]);
  });

  test('lives in the current namespace so the tutorial\'s commands find it', () => {
    manifests.forEach((m) => expect(m.metadata.namespace).toBeUndefined());
  });
});

describe('the environments (dist/environments/*)', () => {
  const dev = load('environments/dev/kf-api.k8s.yaml');
  const prod = load('environments/prod/kf-api.k8s.yaml');

  test('each environment has its own namespace', () => {
    dev.forEach((m) => expect(m.metadata.namespace).toBe('kf-api-dev'));
    prod.forEach((m) => expect(m.metadata.namespace).toBe('kf-api-prod'));
  });

  test('dev runs two fixed replicas, prod autoscales from three', () => {
    expect(oneOf(dev, 'Deployment').spec.replicas).toBe(2);
    expect(dev.some((m) => m.kind === 'HorizontalPodAutoscaler')).toBe(false);
    expect(oneOf(prod, 'HorizontalPodAutoscaler').spec.minReplicas).toBe(3);
  });

  test('prod\'s app and migration Job share a database named by a Secret reference', () => {
    const envOf = (w: Manifest) => w.spec.template.spec.containers[0].env;
    const ref = { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'kf-api-db', key: 'url' } } };
    expect(envOf(oneOf(prod, 'Deployment'))).toContainEqual(ref);
    expect(envOf(oneOf(prod, 'Job'))).toContainEqual(ref);
  });

  test('hosts and issuers differ per environment', () => {
    expect(oneOf(dev, 'Ingress').spec.rules[0].host).toBe('api.dev.example.com');
    expect(oneOf(prod, 'Ingress').metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
  });

  test('the GitOps examples point at folders that exist', () => {
    for (const file of ['argocd-applications.yaml', 'flux-kustomizations.yaml']) {
      const text = fs.readFileSync(path.join(__dirname, '..', 'gitops', file), 'utf8');
      const paths = [...text.matchAll(/path: \.?\/?(dist\/\S+)/g)].map((m) => m[1]);
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) expect(fs.existsSync(path.join(__dirname, '..', p))).toBe(true);
    }
  });
});
