import * as fs from 'fs';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as ts from 'typescript';
import * as autoscaling from '../lib/autoscaling';
import * as env from '../lib/env';
import * as service from '../lib/fastapi-service';
import * as httpRoute from '../lib/http-route';
import * as ingress from '../lib/ingress';
import * as loadTest from '../lib/load-test';
import * as migration from '../lib/migration';
import * as networkPolicy from '../lib/network-policy';
import * as placement from '../lib/placement';
import * as pod from '../lib/pod';
import * as probes from '../lib/probes';
import * as resources from '../lib/resources';
import * as serviceOptions from '../lib/service-options';
import * as sidecars from '../lib/sidecars';
import * as uvicorn from '../lib/uvicorn';
import * as volumes from '../lib/volumes';
import * as workerOptions from '../lib/worker-options';
import { IMAGE, appContainer, oneOf, synthService } from './util';

/**
 * One source for every default: each `@default` in the public option interfaces cites the
 * constant the code uses, as `NAME (value)` or `NAME.field (value)`. This test reads the TSDoc
 * with the TypeScript compiler API and compares every cited value with the constant, so the docs
 * cannot drift from the code again.
 */
const LIB = path.join(__dirname, '..', 'lib');
const CONSTANTS: Record<string, unknown> = Object.assign({},
  autoscaling, env, service, httpRoute, ingress, loadTest, migration, networkPolicy, pod, probes, resources, uvicorn,
  placement, serviceOptions, sidecars, volumes, workerOptions);

interface DocumentedProp {
  readonly owner: string;
  readonly name: string;
  readonly optional: boolean;
  readonly defaultTag?: string
}

/** The properties of every interface exported by lib/index.ts, with their `@default` tag. */
function publicProps(): DocumentedProp[] {
  const program = ts.createProgram([path.join(LIB, 'index.ts')], { target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const index = checker.getSymbolAtLocation(program.getSourceFile(path.join(LIB, 'index.ts'))!)!;
  const props: DocumentedProp[] = [];
  for (const exported of checker.getExportsOfModule(index)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (!declaration || !ts.isInterfaceDeclaration(declaration)) continue;
    for (const member of declaration.members) {
      if (!ts.isPropertySignature(member)) continue;
      const tag = ts.getJSDocTags(member).find((t) => t.tagName.text === 'default');
      const text = tag && (typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment));
      props.push({
        owner: symbol.name,
        name: member.name.getText(),
        optional: !!member.questionToken,
        defaultTag: text ?? undefined,
      });
    }
  }
  return props;
}

/** The constant's value as the docs write it. */
function rendered(value: unknown): string[] {
  if (value instanceof Duration) return [`${value.toSeconds()}s`];
  if (value instanceof Size) return [value.asString()];
  if (value instanceof Cpu) return [value.amount];
  if (typeof value === 'string') return [`'${value}'`, value];
  if (typeof value === 'number') return [String(value), `${value}s`];
  if (typeof value === 'boolean') return [String(value)];
  if (value && typeof value === 'object' && 'request' in value && 'limit' in value) {
    const pair = value as { request: unknown; limit: unknown };
    return [`${rendered(pair.request)[0]} request, ${rendered(pair.limit)[0]} limit`];
  }
  throw new Error(`no rendering for ${String(value)}`);
}

function lookup(reference: string): unknown {
  const [name, field] = reference.split('.');
  if (!(name in CONSTANTS)) throw new Error(`@default cites ${name}, which no feature module exports`);
  const value = CONSTANTS[name];
  return field === undefined ? value : (value as Record<string, unknown>)[field];
}

const PROPS = publicProps();
// A citation may wrap onto the next line of the comment: `NAME\n *   (value)` reads as `NAME (value)`.
const CITATION = /\b([A-Z][A-Z0-9_]+(?:\.[a-zA-Z]+)?)\s+\(([^)]*)\)/g;
const citations = PROPS.flatMap((prop) => [...(prop.defaultTag ?? '').matchAll(CITATION)]
  .map((match) => ({ where: `${prop.owner}.${prop.name}`, reference: match[1], text: match[2] })));

test('the public option interfaces are found', () => {
  expect(PROPS.map((p) => p.owner)).toEqual(
    expect.arrayContaining(['FastApiServiceProps', 'AutoscalingOptions', 'ProbeTiming']),
  );
  expect(citations.length).toBeGreaterThanOrEqual(30);
});

test('every optional prop documents its default', () => {
  expect(PROPS.filter((p) => p.optional && !p.defaultTag).map((p) => `${p.owner}.${p.name}`)).toEqual([]);
});

test.each(citations)('$where: @default $reference ($text) is the constant\'s value', ({ reference, text }) => {
  expect(rendered(lookup(reference))).toContain(text);
});

test('a default that depends on another prop says so', () => {
  const tagOf = (owner: string, name: string) => PROPS.find((p) => p.owner === owner && p.name === name)!.defaultTag;
  expect(tagOf('AutoscalingOptions', 'maxReplicas')).toMatch(/larger of DEFAULT_MAX_REPLICAS \(10\) and minReplicas/);
  expect(tagOf('LoadTestProps', 'spawnRate')).toMatch(/smaller of DEFAULT_SPAWN_RATE \(10\) and users/);
});

test('the command prop documents every prop it conflicts with, and those props mention it', () => {
  const source = fs.readFileSync(path.join(LIB, 'props.ts'), 'utf8');
  const commandDoc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly command\?/.exec(source)![1];
  for (const other of uvicorn.COMMAND_CONFLICTS) expect(commandDoc).toContain(other);
  const keepAliveDoc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly keepAliveTimeout\?/.exec(source)![1];
  expect(keepAliveDoc).toContain('Conflicts with `command`');
});

test('the startup failureThreshold is documented as an error, as the code treats it', () => {
  const source = fs.readFileSync(path.join(LIB, 'probes.ts'), 'utf8');
  expect(source).toMatch(/Not allowed for startup[^*]*\n[^*]*\* sets it: giving both is an error/);
  expect(() => synthService({ image: IMAGE, probes: { startup: { failureThreshold: 3 } } }))
    .toThrow(/startup.failureThreshold/);
});

describe('the code uses the cited constants', () => {
  const manifests = synthService({ image: IMAGE });
  const hpa = oneOf(manifests, 'HorizontalPodAutoscaler').spec;
  const deployment = oneOf(manifests, 'Deployment').spec;
  const container = appContainer(manifests);

  test('autoscaling', () => {
    expect([hpa.minReplicas, hpa.maxReplicas]).toEqual([
      autoscaling.DEFAULT_MIN_REPLICAS, autoscaling.DEFAULT_MAX_REPLICAS,
    ]);
    expect(hpa.metrics[0].resource.target.averageUtilization).toBe(autoscaling.DEFAULT_CPU_UTILIZATION);
    expect(hpa.behavior.scaleDown.stabilizationWindowSeconds).toBe(
      autoscaling.DEFAULT_SCALE_DOWN_STABILIZATION.toSeconds(),
    );
  });

  test('ports, revisions and the pull policy', () => {
    expect(container.ports[0].containerPort).toBe(uvicorn.DEFAULT_PORT);
    expect(oneOf(manifests, 'Service').spec.ports[0].port).toBe(service.DEFAULT_SERVICE_PORT);
    expect(deployment.revisionHistoryLimit).toBe(service.DEFAULT_REVISION_HISTORY_LIMIT);
    expect(container.imagePullPolicy).toBe(service.DEFAULT_IMAGE_PULL_POLICY);
  });

  test('the pod', () => {
    expect(
      deployment.template.spec.terminationGracePeriodSeconds,
    ).toBe(pod.DEFAULT_TERMINATION_GRACE_PERIOD.toSeconds());
    expect(deployment.template.spec.securityContext.runAsUser).toBe(pod.DEFAULT_USER);
    expect(deployment.template.spec.volumes[0].emptyDir.sizeLimit).toBe(pod.DEFAULT_TMP_SIZE.asString());
    expect(container.livenessProbe.periodSeconds).toBe(probes.LIVENESS_DEFAULTS.period);
    expect(container.resources.requests.cpu).toBe(resources.DEFAULT_CPU_PER_WORKER.request.amount);
  });
});

/** What is left of a `@default` tag once every cited `NAME (value)` is taken out. */
const uncited = (tag: string) => tag.replace(CITATION, '');

test('a default that is a value cites its constant: no bare number or boolean in a @default', () => {
  // a number as a word (`70`, `50%`, `30s`), not inside a token such as `0o444` or `kubernetes.io`
  const bareValue = /(?:^|[\s(,:])-?\d+(?:\.\d+)?(?:%|s|m|Mi|Gi)?(?=$|[\s),.;:])|\b(?:true|false)\b/;
  const bare = PROPS.filter((p) => p.defaultTag !== undefined && bareValue.test(uncited(p.defaultTag)))
    .map((p) => `${p.owner}.${p.name}: @default ${p.defaultTag}`);
  expect(bare).toEqual([]);
});

test('a default without a cited constant is a description, written "- ..."', () => {
  const undescribed = PROPS.filter((p) => p.defaultTag !== undefined && uncited(p.defaultTag) === p.defaultTag
    && !p.defaultTag.startsWith('- ')).map((p) => `${p.owner}.${p.name}: @default ${p.defaultTag}`);
  expect(undescribed).toEqual([]);
});
