import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  Autoscaling, FastApiService, FastApiServiceProps, IngressTls, InitStep, ServiceEnv, ServiceNetworkPolicy,
} from './lib';

// cdk8s synth sets CDK8S_OUTDIR; plain `node main.ts` writes to dist/ as well.
const outdir = process.env.CDK8S_OUTDIR ?? 'dist';

/** The example app of app/: same image and entry point everywhere. */
const base: FastApiServiceProps = {
  image: '4oh4/kubernetes-fastapi:1.0.0',
  asgiApp: 'service.main:app',
  port: 8080,
  service: { port: 8080 },
};

/** The example app migrates a per-pod SQLite file in /tmp before it starts. */
const migrateSqlite = InitStep.run({ name: 'migrate', command: ['python', '-m', 'service.migrate'] });

function synth(dir: string, build: (chart: Chart) => void): void {
  // recordConstructMetadata off: validation plugins would otherwise put construct-metadata.json
  // into dist/, and `kubectl apply -f dist/` fails on it.
  const app = new App({ outdir: path.join(outdir, dir), recordConstructMetadata: false });
  build(new Chart(app, 'kf-api'));
  app.synth();
}

// dist/kf-api.k8s.yaml, the example app's deployment for `kubectl apply -f dist/`: Deployment kf-api,
// Service kf-api-svc (port 8080, for `kubectl port-forward service/kf-api-svc 8080`) and
// HPA kf-api-hpa (cpu 50%, 1..10 pods), in the current namespace.
synth('.', (chart) => new FastApiService(chart, 'kf-api', {
  ...base,
  autoscaling: Autoscaling.cpu({ minReplicas: 1, maxReplicas: 10, cpuUtilization: 50 }),
  initContainers: [migrateSqlite],
}));

// dist/environments/<env>/: one folder per environment, for an Argo CD Application or a Flux
// Kustomization to sync (see gitops/). Each lives in its own namespace.
synth('environments/dev', (chart) => new FastApiService(chart, 'kf-api', {
  ...base,
  namespace: 'kf-api-dev',
  autoscaling: Autoscaling.fixed(2),
  resources: {
    cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
    memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
  },
  initContainers: [migrateSqlite],
  ingress: { host: 'api.dev.example.com', className: 'nginx', tls: IngressTls.clusterIssuer('letsencrypt-staging') },
}));

synth('environments/prod', (chart) => new FastApiService(chart, 'kf-api', {
  ...base,
  namespace: 'kf-api-prod',
  autoscaling: Autoscaling.cpu({ minReplicas: 3, maxReplicas: 20, cpuUtilization: 50 }),
  // One shared database, migrated once per release by the Job (dev migrates a per-pod SQLite
  // file in /tmp with an init container instead). Only the Secret's name reaches dist/.
  env: { DATABASE_URL: ServiceEnv.fromSecret('kf-api-db', 'url') },
  migration: { command: ['python', '-m', 'service.migrate'] },
  ingress: { host: 'api.example.com', className: 'nginx', tls: IngressTls.clusterIssuer('letsencrypt-prod') },
  networkPolicy: ServiceNetworkPolicy.restrict({ allowFromNamespaces: ['ingress-nginx'] }),
}));
