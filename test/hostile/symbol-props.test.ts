/** A symbol key is never silently ignored, at the top level of the props or in an option object. */
import { App, Chart } from 'cdk8s';
import { FastApiService, FastApiServiceProps } from '../../lib';

const BASE: FastApiServiceProps = { image: 'registry.example.com/shop:1.2.3' };

function build(props: Record<string | symbol, unknown>): () => void {
  return () => new FastApiService(new Chart(new App(), 'test'), 'api', props as unknown as FastApiServiceProps);
}

test('a symbol key on the props is rejected, naming it', () => {
  expect(build({ ...BASE, [Symbol('workers')]: 4 }))
    .toThrow(/^test\/api: props key must be one of .*got 'Symbol\(workers\)'$/);
});

test('a symbol key on an option object is rejected, naming the prop', () => {
  expect(build({ ...BASE, probes: { livenessPath: '/healthz', [Symbol('period')]: 5 } }))
    .toThrow(/^test\/api: probes key must be one of .*got 'Symbol\(period\)'$/);
});

test('the same props without the symbol key are accepted', () => {
  expect(build({ ...BASE, workers: 2, probes: { livenessPath: '/healthz' } })).not.toThrow();
});
