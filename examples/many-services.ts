// Many services in ONE Chart: the recommended layout for a platform repo. cdk8s `App.synth()`
// grows quadratically with the number of Charts, so put services side by side in one Chart
// (each FastApiService names its objects after itself, so they never collide) and split into
// Charts only where you need separate output files or namespaces defaults.
// synthFast writes the same YAML as app.synth(), only quicker.
//   node -r ./scripts/ts-hook.js examples/many-services.ts   → examples/dist/many-services/
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { FastApiService, synthFast } from '../lib';

/** One line per service: its name, image tag and (optionally) a public host. */
const SERVICES: { name: string; tag: string; host?: string }[] = [
  { name: 'accounts', tag: '3.4.0', host: 'accounts.example.com' },
  { name: 'billing', tag: '1.9.2' },
  { name: 'catalog', tag: '5.0.1', host: 'catalog.example.com' },
  { name: 'inventory', tag: '2.2.0' },
  { name: 'notifications', tag: '0.8.7' },
  { name: 'orders', tag: '4.1.3', host: 'orders.example.com' },
  { name: 'search', tag: '1.0.0' },
  { name: 'shipping', tag: '2.7.5' },
];

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist', 'many-services') });
const chart = new Chart(app, 'platform', { namespace: 'platform' }); // one Chart → one platform.k8s.yaml

for (const s of SERVICES) {
  new FastApiService(chart, s.name, {
    image: `registry.example.com/platform/${s.name}:${s.tag}`,
    asgiApp: 'service.main:app',
    partOf: 'platform',
    ingress: s.host ? { host: s.host, className: 'nginx', tls: { clusterIssuer: 'letsencrypt-prod' } } : undefined,
    // public services admit the ingress controller; the rest only their own namespace
    networkPolicy: { allowFromNamespaces: s.host ? ['ingress-nginx'] : [] },
  });
}

synthFast(app);
