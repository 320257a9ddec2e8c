/**
 * Which strings survive the trip through cdk8s's YAML writer and kubectl's YAML reader unchanged.
 *
 * Writer: cdk8s 2.70 `Yaml.stringify` (node_modules/cdk8s/lib/yaml.js) = the `yaml` package 2.9.1
 * bundled in cdk8s, `YAML.stringify(doc, { keepUndefined: true, lineWidth: 0, version: '1.1' })`.
 * It quotes a string whenever one of the YAML 1.1 schema's tag tests matches it (bool, null, int in
 * base 2/8/10/16, float, sexagesimal, timestamp), and escapes C0 controls in double quotes.
 * cdk8s offers no hook to change the writer's options or to post-process the text: `ApiObject.toJson`
 * throws on anything but plain objects ("can't render non-simple object"), so a pre-quoted `Scalar`
 * cannot be passed through, and `App.synth` calls the static `Yaml.save` directly. A string the writer
 * gets wrong therefore has to be rejected.
 *
 * Reader: kubectl 1.28 reads with k8s.io/apimachinery/pkg/util/yaml + sigs.k8s.io/yaml v1.3.0, which
 * is gopkg.in/yaml.v2 v2.4.0 (resolve.go, readerc.go, scannerc.go).
 *
 * What is checked here (every case was observed through verify/yaml-roundtrip, see FINDINGS.md):
 * - go-yaml's `resolve()` uses Go's `strconv.ParseInt(s, 0, 64)`, which also knows `0o17`, `0O17`,
 *   `0X1F`, `0B101` (and any of them with `_` and a sign). The YAML 1.1 writer does not know these
 *   forms, writes them plain, and kubectl reads a number (or, as a map key, the number's decimal text).
 * - go-yaml's reader refuses DEL, C1 controls, U+FFFE/U+FFFF and unpaired surrogates ("control
 *   characters are not allowed", "found invalid Unicode character escape code") and treats U+2028/U+2029
 *   as line breaks (the plain scalar breaks the document); NEL (U+0085) is a line break too and is
 *   folded into a space inside the double-quoted scalar the writer produces.
 * - NUL round-trips through YAML (written as "\0") but cannot be passed to execve() (argv and the
 *   environment are NUL-terminated C strings), so it is rejected unless the caller allows it.
 * - A multi-line string whose first non-empty line starts with a tab: the writer emits a literal
 *   block scalar (`|-`) and go-yaml refuses it ("found a tab character where an indentation space is
 *   expected"), because it detects the block's indentation from that line.
 * - As a map key, `<<` is go-yaml's merge key: "map merge requires map or sequence of maps".
 *
 * Deliberately stricter than necessary: U+2028/U+2029 and the leading tab survive when the writer
 * happens to pick a double-quoted scalar (because of another character in the string); which style
 * it picks is an implementation detail of the writer, so they are rejected in every string.
 */
import { PassedStrings } from './passed-strings';

/** The type go-yaml v2.4.0 gives a plain (unquoted) scalar: resolve.go `resolve("", in)`. */
export type GoYamlScalarType = 'str' | 'int' | 'float' | 'bool' | 'null' | 'merge';

// gopkg.in/yaml.v2@v2.4.0/resolve.go: resolveMapList
const GO_RESOLVE_MAP: ReadonlyMap<string, GoYamlScalarType> = new Map<string, GoYamlScalarType>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, 'bool'] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']
    .map((word) => [word, 'bool'] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((word) => [word, 'null'] as const),
  ...['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF']
    .map((word) => [word, 'float'] as const),
  ['<<', 'merge'],
]);
// gopkg.in/yaml.v2@v2.4.0/resolve.go: yamlStyleFloat
const GO_YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// Go strconv.ParseInt/ParseUint(s, 0, 64) syntax after go-yaml removed every '_'
const GO_INT_BASE0 = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
// Go strconv.ParseFloat syntax for a string starting with '.' (hint '.' in resolve)
// resolve.go hands a scalar starting with '.' to strconv.ParseFloat as written, which takes Go's
// float-literal syntax: '_' between two digits is allowed there, e.g. .0E0_0 is 0 (property test)
const GO_FLOAT_DOT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function goIntFits(sign: string, body: string): boolean {
  let digits = body;
  let radix = 10;
  const prefix = body.slice(0, 2).toLowerCase();
  if (prefix === '0x') {
    radix = 16; digits = body.slice(2);
  } else if (prefix === '0o') {
    radix = 8; digits = body.slice(2);
  } else if (prefix === '0b') {
    radix = 2; digits = body.slice(2);
  } else if (body.length > 1 && body.startsWith('0')) {
    radix = 8; digits = body.slice(1);
  }
  let magnitude = 0n;
  for (const ch of digits) magnitude = magnitude * BigInt(radix) + BigInt(parseInt(ch, radix));
  if (sign === '-') return -magnitude >= INT64_MIN;
  if (sign === '+') return magnitude <= INT64_MAX; // ParseUint takes no sign
  return magnitude <= UINT64_MAX; // ParseInt, then ParseUint
}

/**
 * What go-yaml v2.4.0 (kubectl's reader) makes of a plain scalar: a port of resolve.go `resolve()`
 * for an untagged scalar. Timestamps (YYYY-M-D...) count as 'str': decoding into interface{} keeps
 * their text (decode.go, "for backward compatibility reasons"), and none of them parses as a number.
 */
export function goYamlPlainType(text: string): GoYamlScalarType {
  const hit = GO_RESOLVE_MAP.get(text);
  if (hit) return hit;
  const first = text[0];
  if (first === '.') {
    return GO_FLOAT_DOT.test(text) && Number.isFinite(Number(text.replace(/_/g, ''))) ? 'float' : 'str';
  }
  if (first === undefined || !/[-+0-9]/.test(first)) return 'str';
  const plain = text.replace(/_/g, '');
  const intMatch = GO_INT_BASE0.exec(plain);
  if (intMatch && goIntFits(intMatch[1], intMatch[2])) return 'int';
  // ParseFloat returns an error (ErrRange) for values beyond float64: the scalar stays a string
  if (GO_YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return 'float';
  // resolve.go's explicit "0b"/"-0b" fallback only re-tries what ParseInt(s, 0, 64) covers above
  return 'str';
}

// yaml@2.9.1 dist/schema/yaml-1.1/{bool,float,int,timestamp}.js and common/null.js: the tag tests
// the writer checks before writing a string plain (stringifyString: `tags.some(test)` -> quoted)
const YAML11_WRITER_TESTS: readonly RegExp[] = [
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^\d{4}-\d\d?-\d\d?(?:(?:t|T|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d+)?(?:[ \t]*(?:Z|[-+][012]?\d(?::\d\d)?))?)?$/,
];

/** Whether cdk8s's YAML 1.1 writer quotes this string because a YAML 1.1 scalar type would claim it. */
export function yaml11WriterQuotes(text: string): boolean {
  return YAML11_WRITER_TESTS.some((re) => re.test(text));
}

/**
 * A string kubectl would read as something other than this string, because go-yaml resolves it to a
 * non-string while cdk8s's writer writes it plain: Go's `0o`/`0O` octal and upper-case `0X`/`0B`.
 */
export function misreadAsNonString(text: string): GoYamlScalarType | undefined {
  const type = goYamlPlainType(text);
  if (type === 'str' || type === 'merge') return undefined;
  return yaml11WriterQuotes(text) ? undefined : type;
}

export interface UnsafeCharacter {
  /** UTF-16 index in the string */
  readonly index: number;
  readonly codePoint: number;
  /** e.g. `U+2028 LINE SEPARATOR` */
  readonly name: string;
  /** what goes wrong, for the error message */
  readonly why: string;
}

const UNREADABLE = 'which kubectl\'s YAML reader (go-yaml) refuses: the whole file becomes unreadable';
const LINE_BREAK = 'which kubectl\'s YAML reader (go-yaml) treats as a line break: the whole file becomes unreadable';

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function loneSurrogateWhy(cu: number): string {
  return `which is not a Unicode scalar value: the writer escapes it as \\u${cu.toString(16)} `
    + "and kubectl's YAML reader refuses the escape, so the whole file becomes unreadable";
}

/** The first character that does not survive YAML (or exec), or undefined. */
export function findUnsafeCharacter(value: string, options: YamlSafeOptions = {}): UnsafeCharacter | undefined {
  for (let i = 0; i < value.length; i++) {
    const cu = value.charCodeAt(i);
    if (cu >= 0xd800 && cu <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // yaml.v2 readerc.go accepts 0x10000..0x10FFFF: supplementary noncharacters are fine
        i++;
        continue;
      }
      return { index: i, codePoint: cu, name: `${hex(cu)} (a lone high surrogate)`, why: loneSurrogateWhy(cu) };
    }
    if (cu >= 0xdc00 && cu <= 0xdfff) {
      return { index: i, codePoint: cu, name: `${hex(cu)} (a lone low surrogate)`, why: loneSurrogateWhy(cu) };
    }
    const bad = unsafeBmp(cu, options);
    if (bad) return { index: i, codePoint: cu, ...bad };
  }
  return undefined;
}

function unsafeBmp(cu: number, options: YamlSafeOptions): { name: string; why: string } | undefined {
  if (cu === 0) {
    if (options.allowNul) return undefined;
    return {
      name: 'U+0000 NULL',
      why: 'which no container can receive: argv and environment entries are NUL-terminated C strings',
    };
  }
  if (cu === 0x7f) return { name: 'U+007F DELETE', why: UNREADABLE };
  if (cu === 0x85) {
    return {
      name: 'U+0085 NEXT LINE (NEL)',
      why: 'which kubectl\'s YAML reader (go-yaml) treats as a line break and silently reads back as a space',
    };
  }
  if (cu >= 0x80 && cu <= 0x9f) return { name: `${hex(cu)} (a C1 control character)`, why: UNREADABLE };
  if (cu === 0x2028) return { name: 'U+2028 LINE SEPARATOR', why: LINE_BREAK };
  if (cu === 0x2029) return { name: 'U+2029 PARAGRAPH SEPARATOR', why: LINE_BREAK };
  if (cu === 0xfffe || cu === 0xffff) return { name: `${hex(cu)} (a noncharacter)`, why: UNREADABLE };
  return undefined;
}

export interface YamlSafeOptions {
  /**
   * Allow NUL (U+0000): it round-trips through YAML, so data that is never exec'd (ConfigMap data,
   * annotations) may hold it. Never for argv, env values or command.
   * @default false
   */
  readonly allowNul?: boolean;
}

/**
 * Why this string would not reach kubectl exactly as written, as a message `<prop> ...`; undefined
 * when it survives. The message never contains the value itself (it may be a secret): only the
 * position and the name of the offending character, or the type kubectl would read.
 */
export function checkYamlString(prop: string, value: string, options: YamlSafeOptions = {}): string | undefined {
  if (SAFE_STRINGS.has(value) || (options.allowNul && SAFE_WITH_NUL.has(value))) return undefined;
  const problem = findYamlProblem(prop, value, options);
  if (problem === undefined) rememberSafe(value, options);
  return problem;
}

/** Strings already found safe, without and with NUL allowed. */
const SAFE_STRINGS = new PassedStrings();
const SAFE_WITH_NUL = new PassedStrings();

function rememberSafe(value: string, options: YamlSafeOptions): void {
  (options.allowNul ? SAFE_WITH_NUL : SAFE_STRINGS).add(value);
}

/** A safe string with NUL disallowed (the stricter verdict): for scans that do not know the prop yet. */
export function isYamlSafeString(value: string): boolean {
  return checkYamlString('', value) === undefined;
}

function findYamlProblem(prop: string, value: string, options: YamlSafeOptions): string | undefined {
  const bad = findUnsafeCharacter(value, options);
  if (bad) {
    return `${prop} contains ${bad.name} at index ${bad.index}, ${bad.why}; `
      + 'remove it or use an escape your application decodes';
  }
  if (value.includes('\n') && value.split('\n').find((line) => line.length > 0)?.startsWith('\t')) {
    return `${prop} is a multi-line string whose first line starts with a tab, which cdk8s writes as a YAML block `
      + 'scalar that kubectl\'s YAML reader (go-yaml) refuses ("found a tab character where an indentation space is '
      + 'expected"); indent that line with spaces or start the text with another character';
  }
  const type = misreadAsNonString(value);
  if (type) {
    const reading = type === 'int' ? 'an integer'
      : type === 'float' ? 'a float'
        : type === 'bool' ? 'a boolean' : 'null';
    return `${prop} would be read by kubectl as ${reading}, not a string: `
      + 'Go\'s 0o/0O octal and upper-case 0X/0B prefixes are numbers to kubectl\'s YAML reader '
      + 'but not to cdk8s\'s YAML 1.1 writer, which leaves them unquoted; '
      + 'write the number in another form (e.g. lower-case 0x, or a leading 0 for octal) '
      + 'or add a non-numeric character';
  }
  return undefined;
}

/**
 * As checkYamlString, for a map key (label, annotation or ConfigMap key): also rejects go-yaml's merge
 * key `<<`.
 */
export function checkYamlKey(prop: string, key: string): string | undefined {
  if (key === '<<') {
    return `${prop} must not be '<<', which kubectl's YAML reader (go-yaml) takes for a merge key: `
      + 'the file becomes unreadable';
  }
  return checkYamlString(prop, key);
}
