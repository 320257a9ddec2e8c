/**
 * Issue 11, round 3: a resource amount of the wrong type (plain JS: a string, or an object that only
 * looks like a Cpu) is reported as the wrong type, not as "got 'undefined'" or "not a positive amount".
 */
import { App, Chart, Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';
import { FastApiErrors, FastApiService, Sidecar } from '../../lib';

const CPU = 'must be a Cpu (Cpu.millis(250) or Cpu.units(0.25)), not a string or a plain object, got';
const SIZE = 'must be a Size (e.g. Size.mebibytes(256)), not a string or a plain object, got';

function build(given: unknown, sidecar = false): void {
  const chart = new Chart(new App({ outdir: '/dev/null' }), 'test');
  const resources = given as ContainerResources;
  new FastApiService(chart, 'api', {
    image: 'registry.example.com/shop:1.2.3',
    ...(sidecar ? { sidecars: [Sidecar.container({ name: 'proxy', image: 'proxy:1.0', resources })] } : { resources }),
  });
}

function messageOf(resources: unknown, sidecar = false): string {
  try {
    build(resources, sidecar);
  } catch (error) {
    expect(FastApiErrors.isValidationError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

const REJECTED: [string, unknown, boolean, string][] = [
  ['cpu.request a string', { cpu: { request: '250m' } }, false, `test/api: resources.cpu.request ${CPU} string`],
  ['cpu.limit a string', { cpu: { request: Cpu.millis(250), limit: '1' } }, false,
    `test/api: resources.cpu.limit ${CPU} string`],
  ['cpu.request a plain { amount: 0.1 }', { cpu: { request: { amount: 0.1 } } }, false,
    `test/api: resources.cpu.request ${CPU} object whose amount is a number, not a string`],
  ['cpu.request a plain {}', { cpu: { request: {} } }, false, `test/api: resources.cpu.request ${CPU} object`],
  ['cpu.request a number', { cpu: { request: 0.1 } }, false, `test/api: resources.cpu.request ${CPU} number`],
  ['memory.request a string', { cpu: { request: Cpu.millis(250) }, memory: { request: '256Mi' } }, false,
    `test/api: resources.memory.request ${SIZE} string`],
  ['ephemeralStorage.limit a plain object', {
    cpu: { request: Cpu.millis(250) }, ephemeralStorage: { limit: { amount: 1 } },
  }, false, `test/api: resources.ephemeralStorage.limit ${SIZE} object`],
  ['a sidecar\'s cpu.request a string', { cpu: { request: '50m' } }, true,
    `test/api: sidecars[0].resources.cpu.request ${CPU} string`],
  ['cpu.request of zero', { cpu: { request: Cpu.millis(0) } }, false,
    "test/api: resources.cpu.request must be a positive amount, got '0m'"],
];

describe.each(REJECTED)('resources with %s', (_title, resources, sidecar, fragment) => {
  test('are rejected with what is wrong, naming the construct path and the prop', () => {
    expect(messageOf(resources, sidecar)).toContain(fragment);
  });
});

test('a Cpu and a Size of the right type are accepted', () => {
  expect(() => build({
    cpu: { request: Cpu.units(0.1), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(128) },
  })).not.toThrow();
});
