// Many services in ONE Chart: the recommended layout for a platform repo. cdk8s `App.synth()`
// grows quadratically with the number of Charts, so put services side by side in one Chart
// (each FastApiService names its objects after itself, so they never collide) and split into
// Charts only where you need separate output files or namespaces defaults.
// synthFast (cdk8s-fastapi/fast-yaml) writes the same YAML as app.synth(), only quicker.
//   npx ts-node --transpile-only examples/many-services.ts   → examples/dist/many-services/
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { FastApiService, IngressTls, ServiceNetworkPolicy } from '../lib';
import { synthFast } from '../lib/fast-yaml';

/** One line per service: its name, image tag and (optionally) a public host. */
export interface ServiceLine { readonly name: string; readonly tag: string; readonly host?: string }

export const SERVICES: ServiceLine[] = [
  { name: 'accounts', tag: '3.4.0', host: 'accounts.example.com' },
  { name: 'billing', tag: '1.9.2' },
  { name: 'catalog', tag: '5.0.1', host: 'catalog.example.com' },
  { name: 'inventory', tag: '2.2.0' },
  { name: 'notifications', tag: '0.8.7' },
  { name: 'orders', tag: '4.1.3', host: 'orders.example.com' },
  { name: 'search', tag: '1.0.0' },
  { name: 'shipping', tag: '2.7.5' },
];

export function manyServices(chart: Chart): FastApiService[] {
  return SERVICES.map((service) => new FastApiService(chart, service.name, {
    image: `registry.example.com/platform/${service.name}:${service.tag}`,
    asgiApp: 'service.main:app',
    partOf: 'platform',
    ingress: service.host
      ? { host: service.host, className: 'nginx', tls: IngressTls.clusterIssuer('letsencrypt-prod') }
      : undefined,
    // public services admit the ingress controller; the rest only their own namespace
    networkPolicy: ServiceNetworkPolicy.restrict({ allowFromNamespaces: service.host ? ['ingress-nginx'] : [] }),
  }));
}

if (require.main === module) {
  const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist', 'many-services') });
  manyServices(new Chart(app, 'platform', { namespace: 'platform' })); // one Chart → one platform.k8s.yaml
  synthFast(app);
}
