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
  'valid-waivers': (o) => { deploymentOf(o).metadata.annotations = { 'cdk8s-fastapi.io/waive-probes': '' }; },
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
    expect(violations[0].violatingResources[0].resourceName).toBe('shop');
    expect(violations[0].violatingResources[0].locations[0]).toMatch(/^Deployment\/shop\/shop \(document \d+\): /);
    expect(violations[0].violatingResources[0].manifestPath).toMatch(/app\.k8s\.yaml$/);
  });
});

describe('probes for pods no Service selects (workers)', () => {
  const probes = RULES.find((r) => r.name === 'probes')!;
  const withoutService = () => clone(compliant()).filter((o) => o.kind !== 'Service');

  test('a pod no Service selects needs no readiness probe', () => {
    const objects = withoutService();
    delete appContainerOf(objects).readinessProbe;
    expect(probes.check(objects)).toEqual([]);
  });

  test('a pod no Service selects still needs a liveness probe', () => {
    const objects = withoutService();
    delete appContainerOf(objects).livenessProbe;
    expect(probes.check(objects).map((v) => v.message)).toEqual(["container 'app': has no livenessProbe"]);
  });
});

describe('waivers', () => {
  const waive = (objects: any[], annotations: Record<string, string>) => {
    deploymentOf(objects).metadata.annotations = annotations;
    return objects;
  };

  test('a waiver with a reason exempts its object from the rule', () => {
    const objects = clone(compliant());
    BREAKERS.probes(objects);
    waive(objects, { 'cdk8s-fastapi.io/waive-probes': 'readiness is checked by the mesh' });
    expect(checkObjects(objects)).toEqual([]);
  });

  test('without the waiver the same object is flagged', () => {
    const objects = clone(compliant());
    BREAKERS.probes(objects);
    expect(checkObjects(objects).map((v) => v.rule)).toEqual(['probes']);
  });

  test('a waiver without a reason is a violation and waives nothing', () => {
    const objects = clone(compliant());
    BREAKERS.probes(objects);
    waive(objects, { 'cdk8s-fastapi.io/waive-probes': ' ' });
    expect(checkObjects(objects).map((v) => v.rule).sort()).toEqual(['probes', 'valid-waivers']);
  });

  test('a waiver of a rule that does not exist is a violation', () => {
    const objects = waive(clone(compliant()), { 'cdk8s-fastapi.io/waive-prob': 'typo' });
    expect(checkObjects(objects).map((v) => v.message)).toEqual([
      expect.stringMatching(/^waives 'prob', which is not one of restricted-security-context, probes/),
    ]);
  });

  test('a waiver exempts only the rule it names', () => {
    const objects = clone(compliant());
    BREAKERS.resources(objects);
    waive(objects, { 'cdk8s-fastapi.io/waive-probes': 'a reason' });
    expect(checkObjects(objects).map((v) => v.rule)).toEqual(['resources']);
  });

  test('the waiver rule cannot be waived', () => {
    const objects = waive(clone(compliant()), {
      'cdk8s-fastapi.io/waive-valid-waivers': 'no', 'cdk8s-fastapi.io/waive-probes': '',
    });
    expect(checkObjects(objects).map((v) => v.rule)).toContain('valid-waivers');
  });
});

describe('the plugin report', () => {
  async function runWith(objects: object[], metadata: Record<string, { path: string }>) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-')), 'app.k8s.yaml');
    fs.writeFileSync(file, Yaml.stringify(...objects));
    const constructs: any[] = [];
    let submitted: Record<string, string> = {};
    const context = {
      manifests: [file],
      parseManifest: (p: string) => Yaml.load(p),
      // As cdk8s-cli's report does: the construct path is looked up by the resource name.
      report: {
        addViolation: (v: any) => v.violatingResources.forEach((r: any) =>
          constructs.push({ ...r, constructPath: metadata[r.resourceName]?.path })),
        submit: (_status: string, m: Record<string, string> = {}) => { submitted = m; },
      },
    };
    await new FastApiPolicyValidation().validate(context);
    return { constructs, submitted };
  }

  test('names resources so cdk8s-cli finds their construct path in recorded construct metadata', async () => {
    const objects = clone(compliant());
    BREAKERS['no-replicas-with-hpa'](objects);
    const { constructs } = await runWith(objects, { shop: { path: 'test/shop/Deployment' } });
    expect(constructs.map((c) => c.constructPath)).toEqual(['test/shop/Deployment']);
  });

  test('lists the waivers it applied with their reasons', async () => {
    const objects = clone(compliant());
    BREAKERS.probes(objects);
    deploymentOf(objects).metadata.annotations = { 'cdk8s-fastapi.io/waive-probes': 'checked by the mesh' };
    const { constructs, submitted } = await runWith(objects, {});
    expect(constructs).toEqual([]);
    expect(submitted.waived).toBe('probes on Deployment/shop/shop: checked by the mesh');
  });
});
