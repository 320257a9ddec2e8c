import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { FastApiPolicyValidation, KubeObject, RULES, checkObjects } from '../lib/policy';
import { FIXTURES } from './fixtures';
import { synthChart } from './util';

const compliant = () => synthChart(FIXTURES['all-features']) as KubeObject[];
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const deploymentOf = (objects: any[]) => objects.find((o) => o.kind === 'Deployment');
const appContainerOf = (objects: any[]) => deploymentOf(objects).spec.template.spec.containers[0];

/** One way to break each rule, applied to a copy of a compliant app. */
const BREAKERS: Record<string, (objects: any[]) => void> = {
  'restricted-security-context': (o) => {
    appContainerOf(o).securityContext.privileged = true;
    delete appContainerOf(o).securityContext.allowPrivilegeEscalation;
  },
  'probes': (o) => { delete appContainerOf(o).readinessProbe; },
  'resources': (o) => { delete appContainerOf(o).resources.limits.memory; },
  'pinned-image': (o) => { appContainerOf(o).image = 'registry.example.com/team/shop:latest'; },
  'pdb-for-multi-replica': (o) => { o.splice(o.findIndex((x) => x.kind === 'PodDisruptionBudget'), 1); },
  'hpa-target-exists': (o) => {
    o.find((x) => x.kind === 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'gone';
  },
  'no-replicas-with-hpa': (o) => { deploymentOf(o).spec.replicas = 3; },
};

test('every rule has a breaker', () => {
  expect(Object.keys(BREAKERS).sort()).toEqual(RULES.map((r) => r.name).sort());
});

test.each(Object.keys(FIXTURES))('the %s fixture complies with every rule', (name) => {
  expect(checkObjects(synthChart(FIXTURES[name]) as KubeObject[])).toEqual([]);
});

describe.each(RULES.map((r) => r.name))('rule %s', (name) => {
  const rule = RULES.find((r) => r.name === name)!;

  test('passes a compliant app', () => {
    expect(rule.check(compliant())).toEqual([]);
  });

  test('flags a non-compliant app', () => {
    const objects = clone(compliant());
    BREAKERS[name](objects);
    const violations = rule.check(objects);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0].rule).toBe(name);
  });
});

test('the security rule reads the pod-level security context too', () => {
  const objects = clone(compliant());
  delete appContainerOf(objects).securityContext.runAsNonRoot; // still set on the pod
  expect(RULES.find((r) => r.name === 'restricted-security-context')!.check(objects)).toEqual([]);
});

test('rules apply to objects of any app, such as a bare Pod', () => {
  const pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };
  expect(checkObjects([pod]).map((v) => v.rule).sort()).toEqual([
    'pinned-image', 'resources', 'restricted-security-context',
  ]);
});

describe('the cdk8s validation plugin', () => {
  function run(objects: object[]) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-')), 'app.k8s.yaml');
    fs.writeFileSync(file, Yaml.stringify(...objects));
    const violations: any[] = [];
    let status = '';
    const context = {
      manifests: [file],
      parseManifest: (p: string) => Yaml.load(p),
      report: { addViolation: (v: any) => violations.push(v), submit: (s: string) => { status = s; } },
    };
    return new FastApiPolicyValidation().validate(context).then(() => ({ status, violations }));
  }

  test('reports success on a compliant app', async () => {
    expect(await run(compliant())).toEqual({ status: 'success', violations: [] });
  });

  test('reports each violated rule with the resource and its manifest', async () => {
    const objects = clone(compliant());
    BREAKERS['no-replicas-with-hpa'](objects);
    const { status, violations } = await run(objects);
    expect(status).toBe('failure');
    expect(violations.map((v) => v.ruleName)).toEqual(['no-replicas-with-hpa']);
    expect(violations[0].violatingResources[0].resourceName).toBe('Deployment/shop/shop');
    expect(violations[0].violatingResources[0].manifestPath).toMatch(/app\.k8s\.yaml$/);
  });
});
