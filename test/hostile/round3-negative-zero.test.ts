/**
 * Issue 11, round 3, class 2: `-0` (what JSON.parse('-0') gives a JSON-loaded config) passed to a
 * static factory is written `0`, never `-0`, and kubectl reads back 0. Same contract as
 * hostile.test.ts (harness.ts), and the YAML text itself is checked.
 */
import { Autoscaling, FastApiService, FastApiServiceProps, Sidecar, Volume } from '../../lib';
import { Build, Doc, HostileCase, describeCases, of } from './harness';

jest.setTimeout(120_000);

const BASE: FastApiServiceProps = { image: 'registry.example.com/shop:1.2.3', asgiApp: 'shop.main:app' };
const NEGATIVE_ZERO = JSON.parse('-0') as number;
const service = (extra: Partial<FastApiServiceProps>): Build => (chart) =>
  new FastApiService(chart, 'api', { ...BASE, ...extra });
const podSpec = (docs: Doc[]) => of('Deployment')(docs).spec.template.spec;
/** The value kubectl reads, and whether the YAML text holds a `-0` anywhere. */
const readBack = (pick: (docs: Doc[]) => unknown) => (docs: Doc[], yaml: string) =>
  ({ value: pick(docs), negativeZeroInYaml: /(:|-) -0(\.0*)?$/m.test(yaml) });

const cases: HostileCase[] = [];
const accept = (title: string, build: Build, pick: (docs: Doc[]) => unknown) =>
  cases.push({ title, build, pick: readBack(pick), want: { value: 0, negativeZeroInYaml: false } });

accept('Autoscaling.fixed(-0)', service({ autoscaling: Autoscaling.fixed(NEGATIVE_ZERO) }),
  (docs) => of('Deployment')(docs).spec.replicas);
accept('Volume.fromSecret mode -0', service({
  volumes: [Volume.fromSecret({ name: 'certs', mountPath: '/certs', secretName: 'certs', mode: NEGATIVE_ZERO })],
}), (docs) => podSpec(docs).volumes.find((volume: Doc) => volume.name === 'certs').secret.defaultMode);
accept('Volume.fromConfigMap mode -0', service({
  volumes: [Volume.fromConfigMap({ name: 'conf', mountPath: '/conf', configMapName: 'conf', mode: NEGATIVE_ZERO })],
}), (docs) => podSpec(docs).volumes.find((volume: Doc) => volume.name === 'conf').configMap.defaultMode);

cases.push({
  title: 'Autoscaling.cpu minReplicas -0',
  build: service({ autoscaling: Autoscaling.cpu({ minReplicas: NEGATIVE_ZERO }) }),
  reject: 'autoscaling.minReplicas must be an integer between 1 and',
});

describeCases(cases, (entry) => entry.title);

test('a factory keeps the options it was given, with -0 as 0', () => {
  const sidecar = Sidecar.container({ name: 'proxy', image: 'proxy:1.0', health: { port: 9801, livenessPath: '/l' } });
  expect(sidecar._options.health).toEqual({ port: 9801, livenessPath: '/l' });
  expect(Object.is(Autoscaling.fixed(NEGATIVE_ZERO)._replicas, 0)).toBe(true);
  const withZero = Sidecar.container({ name: 'p', image: 'p:1', health: { port: NEGATIVE_ZERO, livenessPath: '/l' } });
  expect(Object.is(withZero._options.health!.port, 0)).toBe(true);
});
