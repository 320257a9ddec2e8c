// lib/_foreign-objects.ts keeps each node's unrecorded children between lookups: objects added or
// removed after a first construct was checked must count exactly as a fresh walk would count them.
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { FastApiService } from '../lib';
import { IMAGE } from './util';

const deployment = (scope: Construct, id: string, name: string) =>
  new ApiObject(scope, id, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name } });
const service = (scope: Construct, id: string) => new FastApiService(scope, id, { image: IMAGE });

test('an object added after a first lookup, in a chart and in a new sub-scope, is found', () => {
  const chart = new Chart(Testing.app(), 'test');
  service(chart, 'first');
  deployment(chart, 'mine', 'second');
  expect(() => service(chart, 'second')).toThrow("Deployment 'second', already defined by test/mine");
  const group = new Construct(chart, 'group');
  deployment(new Construct(group, 'deeper'), 'mine', 'third');
  expect(() => service(chart, 'third')).toThrow("Deployment 'third', already defined by test/group/deeper/mine");
});

test('an object removed after a first lookup no longer counts', () => {
  const chart = new Chart(Testing.app(), 'test');
  deployment(chart, 'mine', 'second');
  service(chart, 'first');
  chart.node.tryRemoveChild('mine');
  expect(() => service(chart, 'second')).not.toThrow();
});

test('an object written into a recorded construct is not a foreign object (its plan covers it)', () => {
  const chart = new Chart(Testing.app(), 'test');
  const first = service(chart, 'first');
  deployment(first, 'extra', 'second');
  expect(() => service(chart, 'second')).not.toThrow();
});
