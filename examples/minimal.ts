// The smallest useful app: one FastAPI service with every default.
//   npx ts-node --transpile-only examples/minimal.ts   → examples/dist/minimal/
// Gives Deployment, Service (port 80 → 8000), HPA (1..10 pods at 50% cpu), PodDisruptionBudget,
// NetworkPolicy and ServiceAccount, all named after the construct id: `hello`, `hello-svc`, ...
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { FastApiService } from '../lib';

export function minimal(chart: Chart): FastApiService {
  return new FastApiService(chart, 'hello', {
    image: 'registry.example.com/hello:1.0.0', // pinned: untagged and :latest images are rejected
    asgiApp: 'hello.main:app', // uvicorn import string; the default is main:app
  });
}

if (require.main === module) {
  const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist', 'minimal') });
  minimal(new Chart(app, 'hello'));
  app.synth();
}
