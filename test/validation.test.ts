import { FastApiErrors, ServiceEnv } from '../lib';
import { IMAGE, synthService } from './util';
import { CONTAINER_RULES } from './validation/container.rules';
import { ROUTING_RULES } from './validation/routing.rules';
import { SIZING_RULES } from './validation/sizing.rules';

/**
 * The catalogue of invalid input (test/validation/*.rules.ts). Each rule has a compliant and a
 * non-compliant case; the error must be ours and name the prop, the value and what is allowed.
 */
export const RULES = [...CONTAINER_RULES, ...SIZING_RULES, ...ROUTING_RULES];

describe.each(RULES)('rule: $rule', ({ valid, invalid, message }) => {
  test('a compliant config synthesizes', () => {
    expect(() => synthService({ image: IMAGE, ...valid })).not.toThrow();
  });

  test('a non-compliant config is rejected with a message naming the prop, the value and what is allowed', () => {
    let error: unknown;
    try {
      synthService({ image: IMAGE, ...invalid });
    } catch (e) {
      error = e;
    }
    expect(FastApiErrors.isValidationError(error)).toBe(true);
    const text = (error as Error).message;
    // `<construct path>: <prop> must be ...`: the path says which of many services is wrong.
    expect(text).toMatch(/^test\/api: /);
    expect(text.slice('test/api: '.length)).toMatch(message);
    expect(text).toMatch(/^[a-z]/);
    expect(text).not.toMatch(/\.$/);
  });
});

test('the catalogue covers at least 30 distinct rules', () => {
  expect(new Set(RULES.map((r) => r.rule)).size).toBe(RULES.length);
  expect(RULES.length).toBeGreaterThanOrEqual(30);
});

test('ServiceEnv factories validate their arguments', () => {
  expect(() => ServiceEnv.fromSecret('Bad_Name', 'k'))
    .toThrow(/^ServiceEnv.fromSecret\(secretName\) must be a DNS-1123 subdomain.*, got 'Bad_Name'$/);
  expect(() => ServiceEnv.fromConfigMap('cfg', 'bad key'))
    .toThrow(/^ServiceEnv.fromConfigMap\(key\) must be a data key.*, got 'bad key'$/);
  expect(() => ServiceEnv.fromField('spec.secret'))
    .toThrow(/^ServiceEnv.fromField\(fieldPath\) must be a downward API field.*, got 'spec.secret'$/);
});

test('FastApiErrors tells this library\'s validation errors from any other error', () => {
  let ours: unknown;
  try {
    synthService({ image: IMAGE, port: 80 });
  } catch (e) {
    ours = e;
  }
  expect(FastApiErrors.isValidationError(ours)).toBe(true);
  for (const other of [new Error('port must be an integer'), new TypeError('x'), 'text', null, undefined]) {
    expect(FastApiErrors.isValidationError(other)).toBe(false);
  }
});

test('an error names the construct path, so one of many services can be found', () => {
  expect(() => synthService({ image: IMAGE, port: 80 }, {}, 'orders')).toThrow(/^test\/orders: port must be/);
});
