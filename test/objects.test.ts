import { Chart, Testing } from 'cdk8s';
import { Autoscaling, FastApiService, IngressTls, ServiceNetworkPolicy } from '../lib';
import { FIXTURES } from './fixtures';
import { IMAGE, Manifest, allOf, appContainer, oneOf, synthChart, synthService } from './util';

const EXAMPLE_APP = {
  image: IMAGE, autoscaling: Autoscaling.cpu({ minReplicas: 1, maxReplicas: 10, cpuUtilization: 50 }),
};

describe('object names', () => {
  const manifests = synthService(EXAMPLE_APP, {}, 'kf-api');

  test('follow the example app: <name>, <name>-svc, <name>-hpa', () => {
    expect(oneOf(manifests, 'Deployment').metadata.name).toBe('kf-api');
    expect(oneOf(manifests, 'Service').metadata.name).toBe('kf-api-svc');
    expect(oneOf(manifests, 'HorizontalPodAutoscaler').metadata.name).toBe('kf-api-hpa');
  });

  test('the name prop overrides the construct id', () => {
    const named = synthService({ image: IMAGE, name: 'orders' }, {}, 'Whatever');
    expect(oneOf(named, 'Deployment').metadata.name).toBe('orders');
    expect(oneOf(named, 'Service').metadata.name).toBe('orders-svc');
  });
});

describe('the Service', () => {
  const manifests = synthService({ image: IMAGE, servicePort: 8080 });
  const service = oneOf(manifests, 'Service');
  const deployment = oneOf(manifests, 'Deployment');

  test('is a ClusterIP with a named http port that targets the container port by name', () => {
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('selects the pods on stable labels only', () => {
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(Object.keys(service.spec.selector)).not.toContain('app.kubernetes.io/version');
    for (const [k, v] of Object.entries(service.spec.selector)) {
      expect(deployment.spec.template.metadata.labels[k]).toBe(v);
    }
  });
});

describe('autoscaling', () => {
  const manifests = synthService(EXAMPLE_APP);
  const hpa = oneOf(manifests, 'HorizontalPodAutoscaler');

  test('targets the Deployment on CPU utilization with the example app\'s bounds', () => {
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1', kind: 'Deployment', name: oneOf(manifests, 'Deployment').metadata.name,
    });
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.maxReplicas).toBe(10);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ]);
  });

  test('leaves Deployment replicas to the HPA', () => {
    expect(oneOf(manifests, 'Deployment').spec).not.toHaveProperty('replicas');
  });

  test('scales down slowly and up at once', () => {
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(hpa.spec.behavior.scaleUp.stabilizationWindowSeconds).toBe(0);
  });

  test('adds a memory metric on request', () => {
    const metrics = oneOf(synthChart(FIXTURES['all-features']), 'HorizontalPodAutoscaler').spec.metrics;
    expect(metrics.map((m: any) => m.resource.name)).toEqual(['cpu', 'memory']);
  });

  test('when off, fixes the replica count and creates no HPA', () => {
    const fixed = synthChart(FIXTURES['fixed-replicas']);
    expect(allOf(fixed, 'HorizontalPodAutoscaler')).toHaveLength(0);
    expect(oneOf(fixed, 'Deployment').spec.replicas).toBe(3);
  });
});

describe('restarts and disruption', () => {
  test('rolls out without ever dropping below current capacity', () => {
    const spec = oneOf(synthService(EXAMPLE_APP), 'Deployment').spec;
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } });
    expect(spec.revisionHistoryLimit).toBe(5);
  });

  test('a PodDisruptionBudget protects a service that can run more than one replica', () => {
    const manifests = synthService(EXAMPLE_APP);
    const pdb = oneOf(manifests, 'PodDisruptionBudget');
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.selector).toEqual(oneOf(manifests, 'Deployment').spec.selector);
  });

  test('a single fixed replica gets no PodDisruptionBudget', () => {
    expect(
      allOf(synthService({ image: IMAGE, autoscaling: Autoscaling.fixed(1) }), 'PodDisruptionBudget'),
    ).toHaveLength(0);
  });

  test('an HPA capped at one replica gets no PodDisruptionBudget', () => {
    expect(
      allOf(synthService({ image: IMAGE, autoscaling: Autoscaling.cpu({ maxReplicas: 1 }) }), 'PodDisruptionBudget'),
    ).toHaveLength(0);
  });

  test('replicas prefer separate nodes', () => {
    const pod = oneOf(synthService(EXAMPLE_APP), 'Deployment').spec.template;
    const term = pod.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
    expect(term.topologyKey).toBe('kubernetes.io/hostname');
    expect(Object.entries(term.labelSelector.matchLabels).every(([k, v]) => pod.metadata.labels[k] === v)).toBe(true);
  });

  test('pods spread across nodes and zones', () => {
    const spread = oneOf(synthService(EXAMPLE_APP), 'Deployment').spec.template.spec.topologySpreadConstraints;
    expect(spread.map((s: any) => s.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  });
});

describe('the NetworkPolicy', () => {
  test('admits traffic to the app port only', () => {
    const policy = oneOf(synthService({ image: IMAGE, port: 8080 }), 'NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 8080 }] }]);
  });

  test('declares egress open by default', () => {
    expect(oneOf(synthService({ image: IMAGE }), 'NetworkPolicy').spec.egress).toEqual([{}]);
  });

  test('can limit egress to DNS and named CIDRs', () => {
    const egress = oneOf(synthChart(FIXTURES['all-features']), 'NetworkPolicy').spec.egress;
    expect(egress[0].ports).toEqual(
      expect.arrayContaining([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]),
    );
    expect(egress[1]).toEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }] });
  });

  test('covers every pod of the instance, the migration Job\'s too', () => {
    const manifests = synthChart(FIXTURES['all-features']);
    const selector = oneOf(manifests, 'NetworkPolicy').spec.podSelector.matchLabels;
    for (const workload of [oneOf(manifests, 'Deployment'), oneOf(manifests, 'Job')]) {
      const labels = workload.spec.template.metadata.labels;
      expect(Object.entries(selector).every(([k, v]) => labels[k] === v)).toBe(true);
    }
  });

  test('can restrict sources to named namespaces plus its own', () => {
    const policy = oneOf(synthChart(FIXTURES['all-features']), 'NetworkPolicy');
    expect(policy.spec.ingress[0].from).toEqual([
      { podSelector: {} },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
  });

  test('can be turned off', () => {
    expect(
      allOf(synthService({ image: IMAGE, networkPolicy: ServiceNetworkPolicy.none() }), 'NetworkPolicy'),
    ).toHaveLength(0);
  });
});

describe('HTTPS', () => {
  const manifests = synthChart(FIXTURES['all-features']);
  const ingress = oneOf(manifests, 'Ingress');

  test('the Ingress routes the host and path to the Service port by name', () => {
    const rule = ingress.spec.rules[0];
    expect(rule.host).toBe('shop.example.com');
    expect(rule.http.paths[0]).toEqual({
      path: '/', pathType: 'Prefix',
      backend: { service: { name: oneOf(manifests, 'Service').metadata.name, port: { name: 'http' } } },
    });
    expect(ingress.spec.ingressClassName).toBe('nginx');
  });

  test('TLS is issued by cert-manager into a named secret', () => {
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
  });

  test('plain HTTP takes an explicit tls: IngressTls.disabled()', () => {
    const plain = oneOf(
      synthService({ image: IMAGE, ingress: { host: 'internal.example.com', tls: IngressTls.disabled() } }), 'Ingress',
    );
    expect(plain.spec.tls).toBeUndefined();
  });

  test('no ingress prop, no Ingress', () => {
    expect(allOf(synthService({ image: IMAGE }), 'Ingress')).toHaveLength(0);
  });
});

describe('the HTTPRoute', () => {
  const manifests = synthChart(FIXTURES['all-features']);
  const route = oneOf(manifests, 'HTTPRoute');

  test('attaches to the Gateway listener and routes the hostnames to the Service port', () => {
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'public',
        namespace: 'gateways',
        sectionName: 'https',
      },
    ]);
    expect(route.spec.hostnames).toEqual(['shop.example.com']);
    const service = oneOf(manifests, 'Service');
    expect(route.spec.rules[0].backendRefs).toEqual([
      { name: service.metadata.name, port: service.spec.ports[0].port },
    ]);
    expect(route.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
  });

  test('turns on proxy headers on its own', () => {
    const command = appContainer(
      synthService({ image: IMAGE, httpRoute: { gateway: { name: 'gw' }, hostnames: ['a.example.com'] } }),
    ).command;
    expect(command).toContain('--proxy-headers');
  });
});

describe('the migration Job', () => {
  const manifests = synthChart(FIXTURES['all-features']);
  const job = oneOf(manifests, 'Job');

  test('runs the command once with the service image, environment and security', () => {
    const container = job.spec.template.spec.containers[0];
    const app = oneOf(manifests, 'Deployment').spec.template.spec.containers[0];
    expect(container.command).toEqual(['python', '-m', 'service.migrate']);
    expect(container.image).toBe(app.image);
    expect(container.env).toEqual(app.env);
    expect(container.securityContext).toEqual(app.securityContext);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.backoffLimit).toBe(1);
  });

  test('carries the Argo CD and Helm hook annotations', () => {
    expect(job.metadata.annotations).toMatchObject({
      'argocd.argoproj.io/hook': 'PreSync',
      'helm.sh/hook': 'pre-install,pre-upgrade',
    });
  });

  // Regression (issue 10): hooks run before the release's other objects exist, so a Job running as
  // the app's ServiceAccount was refused on the first `helm install` and the install hung.
  test('runs as its own ServiceAccount, which Helm and Argo CD create before the Job', () => {
    const accountName = job.spec.template.spec.serviceAccountName;
    const account = allOf(manifests, 'ServiceAccount').find((sa) => sa.metadata.name === accountName)!;
    expect(accountName).not.toBe(oneOf(manifests, 'Deployment').spec.template.spec.serviceAccountName);
    expect(account.automountServiceAccountToken).toBe(false);
    const hook = (object: Manifest, key: string) => object.metadata.annotations[key];
    for (const key of ['helm.sh/hook', 'argocd.argoproj.io/hook']) expect(hook(account, key)).toBe(hook(job, key));
    for (const order of ['helm.sh/hook-weight', 'argocd.argoproj.io/sync-wave']) {
      expect(Number(hook(account, order))).toBeLessThan(Number(hook(job, order)));
    }
    expect(hook(account, 'helm.sh/hook-delete-policy')).toBe('before-hook-creation,hook-succeeded');
  });

  // Regression (issue 10, real cluster): hooks are not release objects, so `helm uninstall` left the
  // Job, its pod and its ServiceAccount behind; a succeeded hook phase now deletes them.
  test('the Job and its ServiceAccount are deleted once the hook phase succeeds', () => {
    const account = allOf(manifests, 'ServiceAccount')
      .find((sa) => sa.metadata.name === job.spec.template.spec.serviceAccountName)!;
    for (const { metadata: { annotations } } of [job, account]) {
      expect(annotations['helm.sh/hook-delete-policy'].split(',')).toContain('hook-succeeded');
      expect(annotations['argocd.argoproj.io/hook-delete-policy'].split(',')).toContain('HookSucceeded');
    }
  });

  test('without hook annotations, neither the Job nor its ServiceAccount is a hook', () => {
    const plain = synthService({ image: IMAGE, migration: { command: ['migrate'], hookAnnotations: false } });
    const account = oneOf(plain, 'Job').spec.template.spec.serviceAccountName;
    const accounts = allOf(plain, 'ServiceAccount');
    expect(accounts.map((sa) => sa.metadata.name)).toContain(account);
    for (const object of [oneOf(plain, 'Job'), ...accounts]) expect(object.metadata.annotations).toBeUndefined();
  });

  test('its pods are never selected by the Service or the PDB', () => {
    const podLabels = job.spec.template.metadata.labels;
    const selects = (sel: Record<string, string>) => Object.entries(sel).every(([k, v]) => podLabels[k] === v);
    expect(selects(oneOf(manifests, 'Service').spec.selector)).toBe(false);
    expect(selects(oneOf(manifests, 'PodDisruptionBudget').spec.selector.matchLabels)).toBe(false);
  });

  test('gets a new name when the image changes, so kubectl apply never patches an immutable Job', () => {
    const jobName = (image: string) => oneOf(
      synthService({ image, migration: { command: ['migrate'] } }), 'Job',
    ).metadata.name;
    expect(jobName('r.example.com/a:1')).toMatch(/^api-migrate-[0-9a-f]{8}$/);
    expect(jobName('r.example.com/a:1')).not.toBe(jobName('r.example.com/a:2'));
  });
});

describe('labels and namespace', () => {
  const chartLabels = { 'example.com/owner': 'platform' };
  const every = (manifests: Manifest[], check: (m: Manifest) => void) => manifests.forEach(check);

  test('every object carries the recommended app.kubernetes.io labels', () => {
    every(synthChart(FIXTURES['all-features']), (m) => {
      expect(m.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'shop',
        'app.kubernetes.io/instance': 'shop',
        'app.kubernetes.io/version': '2.3.1',
        'app.kubernetes.io/part-of': 'shop-platform',
        'app.kubernetes.io/managed-by': 'cdk8s',
      });
      expect(m.metadata.labels['app.kubernetes.io/component']).toMatch(/^(api|migration)$/);
    });
  });

  test('user labels reach every object and pod but no selector', () => {
    const manifests = synthChart(FIXTURES['all-features']);
    every(manifests, (m) => expect(m.metadata.labels.team).toBe('checkout'));
    expect(oneOf(manifests, 'Deployment').spec.template.metadata.labels.team).toBe('checkout');
    expect(oneOf(manifests, 'Service').spec.selector.team).toBeUndefined();
  });

  test('chart labels reach every object', () => {
    every(
      synthService({ image: IMAGE }, { labels: chartLabels }),
      (m) => expect(m.metadata.labels['example.com/owner']).toBe('platform'),
    );
  });

  test('the namespace prop reaches every object', () => {
    every(synthChart(FIXTURES['all-features']), (m) => expect(m.metadata.namespace).toBe('shop'));
  });

  test('the chart namespace reaches every object when the prop is unset', () => {
    every(synthService({ image: IMAGE }, { namespace: 'team-a' }), (m) => expect(m.metadata.namespace).toBe('team-a'));
  });

  test('the version label defaults to the image tag', () => {
    expect(
      oneOf(
        synthService({ image: 'r.example.com/a:4.5.6' }), 'Deployment',
      ).metadata.labels['app.kubernetes.io/version'],
    ).toBe('4.5.6');
  });
});

describe('the url property', () => {
  test('names the Service, its namespace and port', () => {
    const api = new FastApiService(
      new Chart(Testing.app(), 'c'), 'api', { image: IMAGE, namespace: 'shop', servicePort: 8080 },
    );
    expect(api.url).toBe('http://api-svc.shop.svc:8080');
  });

  test('falls back to the chart namespace, then to the bare Service name', () => {
    expect(
      new FastApiService(new Chart(Testing.app(), 'c', { namespace: 'team' }), 'api', { image: IMAGE }).url,
    ).toBe('http://api-svc.team.svc:80');
    expect(new FastApiService(new Chart(Testing.app(), 'c'), 'api', { image: IMAGE }).url).toBe('http://api-svc:80');
  });
});
