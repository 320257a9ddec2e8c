import { Yaml } from 'cdk8s';
import {
  checkYamlKey, checkYamlString, findUnsafeCharacter, goYamlPlainType, misreadAsNonString, yaml11WriterQuotes,
} from '../../lib/checks/yaml-safe';
import { kubectlReader } from '../support/kubectl-reader';

const NUMBER_MSG = ": Go's 0o/0O octal and upper-case 0X/0B prefixes are numbers to kubectl's YAML reader but not to "
  + "cdk8s's YAML 1.1 writer, which leaves them unquoted; write the number in another form (e.g. lower-case 0x, or a "
  + "leading 0 for octal) or add a non-numeric character";
const UNREADABLE = "which kubectl's YAML reader (go-yaml) refuses: the whole file becomes unreadable; remove it or use "
  + "an escape your application decodes";
const surrogate = (cu: string, kind: string, i: number) =>
  `env.A contains U+${cu} (a lone ${kind} surrogate) at index ${i}, which is not a Unicode scalar value: the writer `
    + `escapes it as \\u${cu.toLowerCase()} and kubectl's YAML reader refuses the escape, so the whole file becomes `
    + `unreadable; remove it or use an escape your application decodes`;

describe('checkYamlString', () => {
  test.each<[string, string | undefined]>([
    // Go-only integer syntax the YAML 1.1 writer leaves plain
    ['0o644', `env.A would be read by kubectl as an integer, not a string${NUMBER_MSG}`],
    ['0O17', `env.A would be read by kubectl as an integer, not a string${NUMBER_MSG}`],
    ['0X1F', `env.A would be read by kubectl as an integer, not a string${NUMBER_MSG}`],
    ['0B101', `env.A would be read by kubectl as an integer, not a string${NUMBER_MSG}`],
    ['-0o7', `env.A would be read by kubectl as an integer, not a string${NUMBER_MSG}`],
    ['+0O7', `env.A would be read by kubectl as an integer, not a string${NUMBER_MSG}`],
    ['0o_7', `env.A would be read by kubectl as an integer, not a string${NUMBER_MSG}`],
    ['-0B1', `env.A would be read by kubectl as an integer, not a string${NUMBER_MSG}`],
    // forms the writer quotes: they survive
    ['0x1F', undefined], ['0b101', undefined], ['1_000', undefined], ['0777', undefined], ['012', undefined],
    ['1:20', undefined],
    ['.inf', undefined], ['-.Inf', undefined], ['.NaN', undefined], ['y', undefined], ['N', undefined],
    ['on', undefined], ['Off', undefined],
    ['~', undefined], ['null', undefined], ['', undefined], ['2001-12-14', undefined], ['1e3', undefined],
    ['+12', undefined], ['09', undefined],
    // not numbers for go-yaml either
    ['0o8', undefined], ['0O', undefined], ['0X1G', undefined], ['0x', undefined], ['+inf', undefined],
    ['Infinity', undefined],
    ['-0X8000000000000001', undefined], // beyond int64, no ParseUint for a sign: stays a string
    // characters
    ['a\u2028b', "env.A contains U+2028 LINE SEPARATOR at index 1, which kubectl's YAML reader (go-yaml) treats as a "
      + "line break: the whole file becomes unreadable; remove it or use an escape your application decodes"],
    ['\u2029', "env.A contains U+2029 PARAGRAPH SEPARATOR at index 0, which kubectl's YAML reader (go-yaml) treats as "
      + "a line break: the whole file becomes unreadable; remove it or use an escape your application decodes"],
    ['a\u0085', "env.A contains U+0085 NEXT LINE (NEL) at index 1, which kubectl's YAML reader (go-yaml) treats as a "
      + "line break and silently reads back as a space; remove it or use an escape your application decodes"],
    ['ab\u007f', `env.A contains U+007F DELETE at index 2, ${UNREADABLE}`],
    ['\u0080', `env.A contains U+0080 (a C1 control character) at index 0, ${UNREADABLE}`],
    ['x\u009f', `env.A contains U+009F (a C1 control character) at index 1, ${UNREADABLE}`],
    ['\ufffe', `env.A contains U+FFFE (a noncharacter) at index 0, ${UNREADABLE}`],
    ['a\uffff', `env.A contains U+FFFF (a noncharacter) at index 1, ${UNREADABLE}`],
    ['\ud800', surrogate('D800', 'high', 0)],
    ['a\udbffb', surrogate('DBFF', 'high', 1)],
    ['x\udc00', surrogate('DC00', 'low', 1)],
    ['\udfff\ud800', surrogate('DFFF', 'low', 0)],
    ['a\u0000', 'env.A contains U+0000 NULL at index 1, which no container can receive: argv and environment entries '
      + 'are NUL-terminated C strings; remove it or use an escape your application decodes'],
    // multi-line strings whose first line starts with a tab (block scalar)
    ['\ta\nb', "env.A is a multi-line string whose first line starts with a tab, which cdk8s writes as a YAML block "
      + "scalar that kubectl's YAML reader (go-yaml) refuses (\"found a tab character where an indentation space is "
      + "expected\"); indent that line with spaces or start the text with another character"],
    ['\n\n\tz', "env.A is a multi-line string whose first line starts with a tab, which cdk8s writes as a YAML block "
      + "scalar that kubectl's YAML reader (go-yaml) refuses (\"found a tab character where an indentation space is "
      + "expected\"); indent that line with spaces or start the text with another character"],
    ['\t\n', "env.A is a multi-line string whose first line starts with a tab, which cdk8s writes as a YAML block "
      + "scalar that kubectl's YAML reader (go-yaml) refuses (\"found a tab character where an indentation space is "
      + "expected\"); indent that line with spaces or start the text with another character"],
    ['a\n\tb', undefined], [' \ta\nb', undefined], ['\ta', undefined], ['a\n\t', undefined],
    // characters that round-trip
    ['\u{1F600}', undefined], ['\u{10FFFF}', undefined], ['\u{1FFFE}', undefined], ['\ufeffa', undefined],
    ['a\ufeffb', undefined],
    ['\u0001\u001b\t\r\n', undefined], ['\u00a0', undefined], ['\ufdd0', undefined], ['\ufffd', undefined],
    ['\u00a0\u0100\ud7ff\ue000', undefined],
  ])('%j', (value, want) => {
    expect(checkYamlString('env.A', value)).toBe(want);
  });

  test('NUL is allowed where nothing execs the value', () => {
    expect(checkYamlString('data.x', 'a\u0000b', { allowNul: true })).toBeUndefined();
    expect(checkYamlString(
      'data.x', 'a\u0000\u2028', { allowNul: true },
    )).toMatch(/^data\.x contains U\+2028 LINE SEPARATOR at index 2/);
  });

  test('the message never contains the value', () => {
    for (const v of ['s3cr3t-p4ss\u2028word', 'p@ssw0rd\u0085', '0o777']) {
      const msg = checkYamlString('env.PASSWORD', v)!;
      expect(msg).toBeDefined();
      expect(msg).not.toContain(v);
      expect(msg).not.toContain(v.slice(0, 6));
    }
  });
});

describe('checkYamlKey', () => {
  test.each<[string, string | undefined]>([
    ['<<', "labels key must not be '<<', which kubectl's YAML reader (go-yaml) takes for a merge key: the file becomes "
      + "unreadable"],
    ['0o644', `labels key would be read by kubectl as an integer, not a string${NUMBER_MSG}`],
    ['app', undefined], ['y', undefined], ['0x1F', undefined],
  ])('%j', (key, want) => expect(checkYamlKey('labels key', key)).toBe(want));
});

describe('goYamlPlainType (port of gopkg.in/yaml.v2 v2.4.0 resolve)', () => {
  test.each<[string, string]>([
    ['0o644', 'int'], ['0x1F', 'int'], ['0X1F', 'int'], ['0b101', 'int'], ['0B101', 'int'], ['1_000', 'int'],
    ['0777', 'int'], ['-0b1', 'int'],
    ['9223372036854775807', 'int'], ['18446744073709551615', 'int'], ['+9223372036854775808', 'float'],
    ['18446744073709551616', 'float'],
    ['1e3', 'float'], ['.5', 'float'], ['1.', 'float'], ['09', 'float'], ['1e400', 'str'], ['.inf', 'float'],
    ['-.INF', 'float'], ['.NaN', 'float'],
    ['yes', 'bool'], ['Y', 'bool'], ['off', 'bool'], ['~', 'null'], ['', 'null'], ['<<', 'merge'],
    ['1:20', 'str'], ['2001-12-14', 'str'], ['+inf', 'str'], ['0o8', 'str'], ['_1', 'str'], ['yes!', 'str'],
    ['.e3', 'str'], ['0x', 'str'],
    // ParseFloat's Go literal syntax: '_' only between digits
    ['.0E0_0', 'float'], ['.1_5', 'float'], ['._5', 'str'], ['.5_', 'str'], ['.5_e1', 'str'], ['.5e_1', 'str'],
  ])('%j -> %s', (s, t) => expect(goYamlPlainType(s)).toBe(t));
});

describe('the writer model matches cdk8s Yaml.stringify', () => {
  // misreadAsNonString relies on yaml11WriterQuotes; check it against the real writer
  const samples = [
    '0o644', '0X1F', '0x1F', '0b1', '0B1', '1_0', '1:20', '.inf', 'y', 'ON', '~', '2001-12-14', '1e3', '1.5', '+0O7',
    '-0o7', 'abc', '09', '0o_7',
  ];
  test.each(samples)('%j', (s) => {
    const line = Yaml.stringify({ v: s }).trim();
    const quoted = line.startsWith('v: "') || line.startsWith("v: '");
    expect(quoted).toBe(yaml11WriterQuotes(s));
  });
});

describe('misreadAsNonString', () => {
  test.each<[string, string | undefined]>([
    ['0o644', 'int'], ['0X1F', 'int'], ['0x1F', undefined], ['y', undefined], ['<<', undefined], ['abc', undefined],
    ['-0B1', 'int'],
  ])('%j -> %s', (s, t) => expect(misreadAsNonString(s)).toBe(t));
});

describe('findUnsafeCharacter', () => {
  test('reports the index and code point', () => {
    expect(findUnsafeCharacter('ab\u2028')).toEqual(expect.objectContaining({
      index: 2, codePoint: 0x2028, name: 'U+2028 LINE SEPARATOR',
    }));
    expect(findUnsafeCharacter('\u{1F600}\ud800')).toEqual(expect.objectContaining({ index: 2, codePoint: 0xd800 }));
    expect(findUnsafeCharacter('fine')).toBeUndefined();
  });
});

// Every verdict above, proven against the real writer and kubectl's real reader.
const reader = kubectlReader();
(reader ? describe : describe.skip)('verdicts hold through cdk8s Yaml.stringify and kubectl\'s reader', () => {
  const values = ['0o644', '0O17', '0X1F', '0B101', '-0o7', '+0O7', '0o_7', '-0B1', '0x1F', '0b101', '1_000', '0777',
    '012', '1:20', '.inf', '-.Inf', '.NaN', 'y', 'N', 'on', 'Off', '~', 'null', '',
    '2001-12-14', '1e3', '+12', '09', '0o8', '0O', '0X1G', '0x', '+inf', 'Infinity', '-0X8000000000000001', 'a\u2028b',
    '\u2029', 'a\u0085', 'ab\u007f', '\u0080', 'x\u009f', '\ufffe', 'a\uffff',
    '\ud800', 'a\udbffb', 'x\udc00', '\ta\nb', '\n\n\tz', '\t\n', 'a\n\tb', ' \ta\nb', '\ta', 'a\n\t', '\u{1F600}',
    '\u{10FFFF}', '\u{1FFFE}', '\ufeffa', 'a\ufeffb', '\u0001\u001b\t\r\n', '\u00a0', '\ufdd0', '\ufffd', 'a\u0000b'];
  test.each(values)('%j', (v) => {
    const [value] = reader!.read(Yaml.stringify({ v }));
    const [key] = reader!.read(Yaml.stringify({ m: { [v]: 'x' } }));
    const valueOk = JSON.stringify(value) === JSON.stringify({ v });
    const keyOk = JSON.stringify(key) === JSON.stringify({ m: { [v]: 'x' } });
    // lone surrogates: Node writes them as U+FFFD when encoding UTF-8 in some paths; the writer
    // escapes them and go-yaml refuses the escape: never ok
    const verdict = checkYamlString('v', v, { allowNul: true }) === undefined;
    expect({ v, valueOk }).toEqual({ v, valueOk: verdict });
    // a key is never a block scalar: the leading-tab rule is deliberately strict there
    const tabRule = (checkYamlString('v', v) ?? '').includes('first line starts with a tab');
    if (v !== '' && v !== '<<' && !tabRule) expect({ v, keyOk }).toEqual({ v, keyOk: verdict });
  });
});
