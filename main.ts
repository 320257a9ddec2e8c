import { App, Chart } from 'cdk8s';
import { FastApiService } from './lib';

// The seed's deployment: Deployment kf-api, Service kf-api-svc (port 8080, for
// `kubectl port-forward service/kf-api-svc 8080`), HPA kf-api-hpa (cpu 50%, 1..10 pods).
// recordConstructMetadata off: validation plugins would otherwise put construct-metadata.json into
// dist/, and `kubectl apply -f dist/` fails on it.
const app = new App({ recordConstructMetadata: false });
const chart = new Chart(app, 'kf-api');
new FastApiService(chart, 'kf-api', {
  image: '4oh4/kubernetes-fastapi:1.0.0',
  asgiApp: 'service.main:app',
  port: 8080,
  servicePort: 8080,
  autoscaling: { minReplicas: 1, maxReplicas: 10, cpuUtilization: 50 },
  initContainers: [{ name: 'migrate', command: ['python', '-m', 'service.migrate'] }],
});
app.synth();
