import {
  checkArray, checkBoolean, checkNumber, checkOneOf, checkRecord, checkRecordKey, checkString, checkStringArray,
  checkStringRecord, copyRecord,
  isPlainObject, normalizeNumber, ownEntries, ownValue, typeOf, unknownKeys,
} from '../../lib/checks/runtime-types';

class Props { a = 1; }

describe('typeOf names the type, never the value', () => {
  test.each<[unknown, string]>([
    ['s3cret', 'string'], [1, 'number'], [-0, 'number'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'],
    [true, 'boolean'], [undefined, 'undefined'],
    [null, 'null'], [[], 'array'], [{}, 'object'], [Object.create(null), 'object'], [new Map(), 'Map instance'],
    [new Set(), 'Set instance'], [new Date(0), 'Date instance'],
    [new Props(), 'Props instance'], [() => 1, 'function'], [Symbol('x'), 'symbol'], [10n, 'bigint'],
    [Object.create(Object.create(null)), 'object'], [new String('x'), 'String instance'],
  ])('%p', (v, want) => expect(typeOf(v)).toBe(want));
});

describe('isPlainObject', () => {
  test.each<[unknown, boolean]>([
    [{}, true], [Object.create(null), true], [JSON.parse('{"a":1}'), true], [[], false], [new Map(), false],
    [new Props(), false], [null, false], ['x', false], [new Date(), false],
  ])('%p', (v, want) => expect(isPlainObject(v)).toBe(want));
});

describe('checkString', () => {
  test.each<[unknown, boolean, string | undefined]>([
    ['x', false, undefined], ['', false, undefined],
    ['', true, 'image must be a non-empty string, got an empty string'],
    [['regcred'], false, 'image must be a string, got array'], [5, false, 'image must be a string, got number'],
    [null, false, 'image must be a string, got null'],
    [undefined, true, 'image must be a non-empty string, got undefined'],
    [new String('x'), false, 'image must be a string, got String instance'],
  ])('%p (nonEmpty %p)', (v, nonEmpty, want) => expect(checkString('image', v, { nonEmpty })).toBe(want));
});

describe('checkNumber: -0 normalised to 0, NaN and Infinity rejected', () => {
  test.each<[unknown, object, string | undefined]>([
    [1, {}, undefined], [-0, { integer: true, min: 0 }, undefined], [0.5, {}, undefined],
    [NaN, {}, 'replicas must be a finite number, got NaN'],
    [Infinity, { integer: true }, 'replicas must be an integer, got Infinity'],
    [-Infinity, {}, 'replicas must be a finite number, got -Infinity'],
    ['3', { integer: true, min: 1 }, 'replicas must be an integer of at least 1, got string (a string holding a number '
      + 'is not a number)'],
    ['three', { integer: true }, 'replicas must be an integer, got string'],
    [1.5, { integer: true, min: 1, max: 10 }, 'replicas must be an integer between 1 and 10, got 1.5'],
    [11, { integer: true, min: 1, max: 10 }, 'replicas must be an integer between 1 and 10, got 11'],
    [-1, { max: 10, min: 0 }, 'replicas must be a finite number between 0 and 10, got -1'],
    [100, { max: 10 }, 'replicas must be a finite number of at most 10, got 100'],
    [10n, {}, 'replicas must be a finite number, got bigint'], [[1], {}, 'replicas must be a finite number, got array'],
  ])('%p %j', (v, opts, want) => expect(checkNumber('replicas', v, opts)).toBe(want));
  test('normalizeNumber', () => {
    expect(Object.is(normalizeNumber(-0), 0)).toBe(true);
    expect(normalizeNumber(-1)).toBe(-1);
    expect(JSON.stringify({ r: normalizeNumber(JSON.parse('-0')) })).toBe('{"r":0}');
  });
});

describe('checkBoolean: the string \'false\' is not false', () => {
  test.each<[unknown, string | undefined]>([
    [true, undefined], [false, undefined],
    ['false', "ingress.tls must be a boolean (true or false), got the string 'false'"],
    ['true', "ingress.tls must be a boolean (true or false), got the string 'true'"],
    [0, 'ingress.tls must be a boolean (true or false), got number'],
    ['no', 'ingress.tls must be a boolean (true or false), got string'],
    [null, 'ingress.tls must be a boolean (true or false), got null'],
    [new Boolean(false), 'ingress.tls must be a boolean (true or false), got Boolean instance'],
  ])('%p', (v, want) => expect(checkBoolean('ingress.tls', v)).toBe(want));
});

describe('checkOneOf', () => {
  test.each<[unknown, string | undefined]>([
    ['Always', undefined], ['always', "imagePullPolicy must be one of 'Always', 'IfNotPresent', 'Never', got 'always'"],
    [1, "imagePullPolicy must be one of 'Always', 'IfNotPresent', 'Never', got number"],
    ['x'.repeat(50), `imagePullPolicy must be one of 'Always', 'IfNotPresent', 'Never', got '${'x'.repeat(40)}…'`],
  ])('%p', (v, want) => expect(checkOneOf('imagePullPolicy', v, ['Always', 'IfNotPresent', 'Never'])).toBe(want));
});

describe('arrays', () => {
  test.each<[unknown, string | undefined]>([
    [['regcred'], undefined], [[], undefined],
    ['regcred', 'imagePullSecrets must be an array, got string'],
    [new Set(['a']), 'imagePullSecrets must be an array, got Set instance'],
    [{ 0: 'a', length: 1 }, 'imagePullSecrets must be an array, got object'],
    [['a', 5], 'imagePullSecrets[1] must be a string, got number'],
    [['a', ['b']], 'imagePullSecrets[1] must be a string, got array'],
    [[, 'a'], 'imagePullSecrets[0] must be a string, got undefined'], 
  ])('%p', (v, want) => expect(checkStringArray('imagePullSecrets', v)).toBe(want));
  test('non-empty options', () => {
    expect(checkStringArray('command', [], { nonEmpty: true })).toBe('command must be a non-empty array, got an empty '
      + 'array');
    expect(checkStringArray('command', [''], { nonEmptyItems: true })).toBe('command[0] must be a non-empty string, '
      + 'got an empty string');
    expect(checkArray('x', 'y', undefined, { nonEmpty: true })).toBe('x must be a non-empty array, got string');
  });
});

describe('records', () => {
  test.each<[unknown, string | undefined]>([
    [{ team: 'shop' }, undefined], [{}, undefined], [Object.assign(Object.create(null), { a: 'b' }), undefined],
    [['a'], 'labels must be a plain object, got array'],
    [new Map([['a', 'b']]), 'labels must be a plain object, got Map instance (a Map is not read: pass a plain object, '
      + 'e.g. Object.fromEntries(map))'],
    [new Props(), 'labels must be a plain object, got Props instance'],
    ['a=b', 'labels must be a plain object, got string'], [null, 'labels must be a plain object, got null'],
    [{ constructor: 'x' }, "labels key must not be 'constructor': cdk8s cannot render an object with that key (it "
      + "reads it through the prototype chain)"],
    [JSON.parse('{"__proto__": "x"}'), "labels key must not be '__proto__': cdk8s cannot render an object with that "
      + "key (it reads it through the prototype chain)"],
    [{ toString: 'x', prototype: 'y', hasOwnProperty: 'z', valueOf: 'w' }, undefined],
    [{ a: 1 }, "labels['a'] must be a string, got number"], [{ a: ['x'] }, "labels['a'] must be a string, got array"],
  ])('%p', (v, want) => expect(checkStringRecord('labels', v)).toBe(want));
  test('checkRecord without an item check', () => expect(checkRecord('x', { a: 1 })).toBeUndefined());
  test('checkRecordKey', () => expect(checkRecordKey('k', 'toString')).toBeUndefined());
  test('own entries only, never the prototype chain', () => {
    const o = JSON.parse('{"__proto__": {"polluted": 1}, "a": "b"}');
    expect(ownEntries(o)).toEqual([['__proto__', { polluted: 1 }], ['a', 'b']]);
    expect(ownValue({}, 'toString')).toBeUndefined();
    expect(ownValue({}, 'constructor')).toBeUndefined();
    expect(ownValue(o, '__proto__')).toEqual({ polluted: 1 });
    const inherited = Object.create({ inheritedKey: 'x' });
    expect(ownEntries(inherited)).toEqual([]);
  });
  test('copyRecord keeps prototype-named keys as own keys', () => {
    const c = copyRecord({ toString: 'a', valueOf: 'b', prototype: 'c' });
    expect(Object.keys(c)).toEqual(['toString', 'valueOf', 'prototype']);
    expect(JSON.stringify(c)).toBe('{"toString":"a","valueOf":"b","prototype":"c"}');
    const p = copyRecord(JSON.parse('{"__proto__": "x"}'));
    expect(Object.keys(p)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
  });
  test('unknownKeys', () => expect(unknownKeys({ minReplicas: 1, maxReplica: 3 }, ['minReplicas', 'maxReplicas']))
    .toEqual(['maxReplica']));
});
