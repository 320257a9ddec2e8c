/**
 * Hostile value generators: the inputs the library does not expect. Full Unicode including controls,
 * separators, noncharacters and lone surrogates; every YAML 1.1 and 1.2 special form; long strings;
 * prototype-named keys.
 */
import * as fc from 'fast-check';

/** Characters that break, or nearly break, YAML writers and readers. */
export const SPECIAL_CHARS = [
  '\u0000', '\u0001', '\u0007', '\u0008', '\t', '\n', '\u000b', '\u000c', '\r', '\u001b', '\u001f', '\u007f',
  '\u0080', '\u0085', '\u0099', '\u009f', '\u00a0', '\u00ad', '\u061c', '\u1680', '\u2000', '\u200b', '\u200e',
  '\u2028', '\u2029', '\u202e', '\u2060',
  '\u3000', '\ud7ff', '\ue000', '\ufdd0', '\ufeff', '\ufff9', '\ufffd', '\ufffe', '\uffff', '\ud800', '\udbff',
  '\udc00', '\udfff',
  '\u{10000}', '\u{1F600}', '\u{1FFFE}', '\u{10FFFF}', '\u{E0001}',
  ' ', '  ', '#', ' #', ': ', ':', '-', '- ', '? ', '?', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', "'", '"',
  '%', '@', '`', '\\', '=', '<<', '~',
  '---', '...', '--- ', '\n---\n', '\n...\n', '\n- ', '\n  ', '\t#', '&a', '*a', '!!str', '!!int', '%YAML 1.1', '\\x41',
  '\\u0041', '\\n',
];

/** YAML 1.1 and 1.2 scalars that a reader may resolve to a non-string, and lookalikes that it must not. */
export const YAML_SPECIAL_FORMS = [
  // booleans (1.1: y/n/yes/no/on/off in three casings; 1.2: true/false)
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on',
  'On', 'ON', 'off', 'Off', 'OFF', 'yES', 'tRUE', 'oN',
  // null
  '', '~', 'null', 'Null', 'NULL', 'nULL', 'None', 'nil',
  // ints: decimal, signed, underscores, octal (1.1 `0` and 1.2 `0o`), hex, binary, upper-case prefixes
  '0', '-0', '+0', '00', '012', '0777', '08', '09', '1_000', '1__0', '_1', '1_', '+12', '-12', '0o644', '0O644', '0o',
  '0o8', '+0o7', '-0o7', '0o_7',
  '0x1F', '0X1F', '0x', '0xG', '+0x1F', '-0x1F', '0x_1F', '0b101', '0B101', '0b', '-0b1', '+0b1', '0b1_0', '0b2',
  '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '18446744073709551615',
  '18446744073709551616', '99999999999999999999999',
  '0x7FFFFFFFFFFFFFFF', '0x8000000000000000', '0xFFFFFFFFFFFFFFFF', '0x10000000000000000', '-0x8000000000000000',
  '0o1777777777777777777777',
  // sexagesimal (1.1)
  '1:20', '190:20:30', '-1:20', '1:2:3', '12:30', '0:0', '1:60', '1:20.5', '99:59:59',
  // floats
  '1.0', '1.', '.5', '+.5', '-.5', '1e3', '1E3', '1e+3', '1.5e-3', '1.0e5', '1_0.5', '.e3', '1.e3', '3.', '0e0',
  '12e03', '1e400', '-1e400', '1e-400',
  '.inf', '.Inf', '.INF', '+.inf', '-.inf', '-.Inf', '.nan', '.NaN', '.NAN', 'inf', 'Infinity', '-Infinity', 'NaN',
  'nan', '+inf', '0x1p-2', '1.5.5', '0.1.2',
  // timestamps (1.1)
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2001-12-15T02:59:43.1Z', '2002-12-14',
  '2001-1-2', '2001-12-14T21:59:43',
  // indicators and structure
  '<<', '=', '-', '- a', '? a', ': a', 'a: b', 'a:b', '#x', 'x #y', 'x# y', '@a', '`a', '!a', '!!binary', '&a', '*a',
  '|', '>', '|-', '>+', '%a', '"a', "'a", '[a', '{a', ',a', 'a,b',
  ' a', 'a ', '\ta', 'a\t', 'a\nb', 'a\n', '\n', ' ', '---', '...', '--- a', '... a', 'a\n---\nb', 'a\n...\nb',
];

/** Names that collide with Object.prototype members. */
export const PROTOTYPE_NAMES = [
  'constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__',
  'toLocaleString', 'then',
];

const special = fc.constantFrom(...SPECIAL_CHARS);
const forms = fc.constantFrom(...YAML_SPECIAL_FORMS);

/** A numeric-looking string built from the pieces every number syntax is made of. */
export const numberLike: fc.Arbitrary<string> = fc.tuple(
  fc.constantFrom('', '+', '-'),
  fc.constantFrom('', '0', '0o', '0O', '0x', '0X', '0b', '0B', '.'),
  fc.array(
    fc.constantFrom('0', '1', '7', '8', '9', 'a', 'F', '_', '.', 'e', 'E', ':', '5'), { minLength: 1, maxLength: 8 },
  ),
).map(([s, p, d]) => s + p + d.join(''));

/** One hostile string: full-range Unicode, special characters, YAML forms, numbers, or a mix of them. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 3, arbitrary: forms },
  { weight: 3, arbitrary: numberLike },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  {
    weight: 4,
    arbitrary: fc.array(
      fc.oneof(
        special, forms, numberLike, fc.string({ unit: 'binary', maxLength: 3 }),
        fc.constantFrom('a', 'Z', '9', '_', '.', '/'),
      ),
      { minLength: 1, maxLength: 6 },
    ).map((p) => p.join('')),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.integer({ min: 1000, max: 1100 }), fc.constantFrom('a', 'é', '😀', ' ', '\u0085', ':', '0'),
    ).map(([n, c]) => c.repeat(Math.ceil(n / c.length))),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 200, maxLength: 3000 }) },
);

/** Strings that look like valid Kubernetes names and label values, so the name rules pass often. */
export const nameLike: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/),
  fc.constantFrom(
    '0o644', '0O17', '0X1F', '0B1', '0x1F', '0b1', 'y', 'no', 'on', 'true', 'null', '1e3', '012', '1_0', '0', '1',
    'constructor', 'toString', 'prototype', 'valueOf', '2001-12-14', 'Infinity',
  ),
  numberLike,
);
