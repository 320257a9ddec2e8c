import { checkHttpRouteHostname, checkHttpRoutePath } from '../../lib/http-route';
import { checkIngressHost } from '../../lib/ingress';
import {
  checkAnnotations, checkConfigMapKey, checkDns1123Label, checkDns1123Subdomain, checkEnvVarName, checkJobName,
  checkLabels, checkLabelValue, checkNamespace, checkQualifiedName, checkUserLabelKey, reservedLabelOwner,
  TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
} from '../../lib/checks/names';
import {
  canonicalCidr, checkCidr, checkIpBlockExcept, formatIPv6, isSloppyIPv4,
} from '../../lib/checks/network';
import { kubectlReader } from '../support/kubectl-reader';

const LABEL = "a DNS-1123 label of at most 63 characters (lowercase letters, digits and '-', starting and ending with "
  + "a letter or digit)";
const SUBDOMAIN = "a DNS-1123 subdomain of at most 253 characters (lowercase dot-separated labels of letters, digits "
  + "and '-')";
const QNAME = "a qualified name: an optional DNS-1123 subdomain prefix (at most 253 characters) and '/', then a name "
  + "of at most 63 characters (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)";
const LVALUE = "a label value of at most 63 characters (empty, or alphanumerics, '-', '_' or '.', starting and ending "
  + "with an alphanumeric)";
const ENV = "an environment variable name: letters, digits, '_', '-' or '.', not starting with a digit, and not '.', "
  + "'..' or starting with '..'";
const HOST = "a DNS name of at most 253 characters (lowercase dot-separated labels, optionally starting with '*.'), "
  + "not an IP address";
const CIDR = "a CIDR in canonical form, e.g. '10.0.0.0/8' or '2001:db8::/32'";
const NUMBER_MSG = "would be read by kubectl as an integer, not a string: Go's 0o/0O octal and upper-case 0X/0B "
  + "prefixes are numbers to kubectl's YAML reader but not to cdk8s's YAML 1.1 writer, which leaves them unquoted; "
  + "write the number in another form (e.g. lower-case 0x, or a leading 0 for octal) or add a non-numeric character";

describe('DNS names', () => {
  test.each<[unknown, string | undefined]>([
    ['shop', undefined], ['a', undefined], ['a-1', undefined], ['1a', undefined], ['a'.repeat(63), undefined],
    ['a'.repeat(64), `namespace must be ${LABEL}, got '${'a'.repeat(64)}'`],
    ['Shop', `namespace must be ${LABEL}, got 'Shop'`],
    ['-a', `namespace must be ${LABEL}, got '-a'`], ['a.b', `namespace must be ${LABEL}, got 'a.b'`],
    ['', `namespace must be ${LABEL}, got ''`],
    [['shop'], `namespace must be ${LABEL}, got array`], [7, `namespace must be ${LABEL}, got number`],
    ['0o644', `namespace ${NUMBER_MSG}`], ['0x1f', undefined], ['1e3', undefined], ['y', undefined],
  ])('namespace %p', (v, want) => expect(checkNamespace('namespace', v)).toBe(want));
  test('label with a custom max', () => expect(checkDns1123Label('name', 'a'.repeat(16), 15))
    .toMatch(/^name must be a DNS-1123 label of at most 15 characters/));
  test.each<[unknown, string | undefined]>([
    ['a.b.c', undefined], ['a'.repeat(253), undefined],
    ['a'.repeat(254), `name must be ${SUBDOMAIN}, got '${'a'.repeat(254)}'`],
    [Array(4).fill('a'.repeat(62)).join('.'), undefined], ['a..b', `name must be ${SUBDOMAIN}, got 'a..b'`],
    ['a_b', `name must be ${SUBDOMAIN}, got 'a_b'`],
  ])('subdomain %p', (v, want) => expect(checkDns1123Subdomain('name', v)).toBe(want));
  test.each<[string, string | undefined]>([
    ['shop-migrate-1a2b3c', undefined], ['a'.repeat(63), undefined],
    ['a'.repeat(64), `loadTest.name must be at most 63 characters, because Kubernetes copies a Job's name into its `
      + `pods' job-name label, got 64 characters ('${'a'.repeat(64)}')`],
    ['Bad', `loadTest.name must be ${SUBDOMAIN}, got 'Bad'`],
  ])('job name %p', (v, want) => expect(checkJobName('loadTest.name', v)).toBe(want));
});

describe('label keys and values', () => {
  test.each<[string, string | undefined]>([
    ['app', undefined], ['app.kubernetes.io/name', undefined], ['a/b', undefined], ['A_b.c-D', undefined],
    ['x'.repeat(63), undefined],
    ['x'.repeat(64), `labels key must be ${QNAME}, got '${'x'.repeat(64)}' (the name part has 64 characters)`],
    [`${'p'.repeat(254)}/x`, `labels key must be ${QNAME}, got '${'p'.repeat(254)}/x' (the prefix is not a DNS-1123 `
      + `subdomain)`],
    ['/x', `labels key must be ${QNAME}, got '/x' (the prefix before '/' is empty)`],
    ['a/', `labels key must be ${QNAME}, got 'a/' (the name part is empty)`],
    ['a/b/c', `labels key must be ${QNAME}, got 'a/b/c' (more than one '/')`],
    ['Example.com/x', `labels key must be ${QNAME}, got 'Example.com/x' (the prefix is not a DNS-1123 subdomain)`],
    ['-x', `labels key must be ${QNAME}, got '-x'`],
    ['', `labels key must be ${QNAME}, got '' (the name part is empty)`],
    ['constructor', undefined], ['__proto__', `labels key must be ${QNAME}, got '__proto__'`],
  ])('key %p', (k, want) => expect(checkQualifiedName('labels key', k)).toBe(want));

  test.each<[unknown, string | undefined]>([
    ['', undefined], ['v1.2.3', undefined], ['a_b', undefined], ['x'.repeat(63), undefined],
    ['x'.repeat(64), `labels['v'] must be ${LVALUE}, got '${'x'.repeat(64)}'`],
    ['-a', `labels['v'] must be ${LVALUE}, got '-a'`],
    ['a b', `labels['v'] must be ${LVALUE}, got 'a b'`],
    ['1.2.3+build', `labels['v'] must be ${LVALUE}, got '1.2.3+build'`],
    ['0o644', `labels['v'] ${NUMBER_MSG}`], ['0X1F', `labels['v'] ${NUMBER_MSG}`], ['0x1F', undefined],
    ['1e3', undefined], ['true', undefined],
    [1, `labels['v'] must be ${LVALUE}, got number`], [true, `labels['v'] must be ${LVALUE}, got boolean`],
    [null, `labels['v'] must be ${LVALUE}, got null`],
  ])('value %p', (v, want) => expect(checkLabelValue("labels['v']", v)).toBe(want));

  test.each<[unknown, string | undefined]>([
    [{ team: 'shop', 'example.com/tier': 'web' }, undefined],
    [{}, undefined],
    [['a'], 'labels must be a plain object of label keys to string values, got array'],
    [new Map([['a', 'b']]), 'labels must be a plain object of label keys to string values, got Map instance'],
    ['a=b', 'labels must be a plain object of label keys to string values, got string'],
    [{ 'bad key': 'x' }, `labels key must be ${QNAME}, got 'bad key'`],
    [{ '0o644': 'x' }, `labels key ${NUMBER_MSG}`],
    [{ '-0X1F': 'x' }, `labels key must be ${QNAME}, got '-0X1F'`],
    [{ ok: 'bad value' }, `labels['ok'] must be ${LVALUE}, got 'bad value'`],
    [{ ok: 5 }, `labels['ok'] must be ${LVALUE}, got number`],
    [JSON.parse('{"__proto__": "x"}'), `labels key must be ${QNAME}, got '__proto__'`],
    [Object.assign(Object.create(null), { a: 'b' }), undefined],
  ])('labels %p', (v, want) => expect(checkLabels('labels', v)).toBe(want));
});

describe('annotations', () => {
  test('total size is counted in UTF-8 bytes, keys and values', () => {
    const big = 'é'.repeat(131072); // 131072 characters, 262144 bytes
    expect(checkAnnotations('annotations', { a: big })).toBe(`annotations must be at most `
      + `${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} bytes in total (256 KiB, keys and values in UTF-8), got 262145 bytes`);
    expect(checkAnnotations('annotations', { a: 'x'.repeat(262143) })).toBeUndefined();
    expect(checkAnnotations('annotations', { a: 'x'.repeat(262144) })).toBe('annotations must be at most 262144 bytes '
      + 'in total (256 KiB, keys and values in UTF-8), got 262145 bytes');
    expect(checkAnnotations('annotations', { a: 'x'.repeat(131072), b: 'y'.repeat(131071) })).toBe('annotations must '
      + 'be at most 262144 bytes in total (256 KiB, keys and values in UTF-8), got 262145 bytes');
  });
  test.each<[unknown, string | undefined]>([
    [{ 'cert-manager.io/cluster-issuer': 'letsencrypt' }, undefined],
    [{ 'Example.COM/Key': 'x' }, undefined], // keys are checked lower-cased, as the apiserver does
    [{ 'a b': 'x' }, `annotations key must be ${QNAME}, got 'a b'`],
    [{ a: 1 }, "annotations['a'] must be a string, got number"],
    [{ a: 'x\u2028y' }, "annotations['a'] contains U+2028 LINE SEPARATOR at index 1, which kubectl's YAML reader "
      + "(go-yaml) treats as a line break: the whole file becomes unreadable; remove it or use an escape your "
      + "application decodes"],
    [{ a: '0o644' }, `annotations['a'] ${NUMBER_MSG}`],
    [{ a: 'nul\u0000ok' }, undefined],
    [[['a', 'b']], 'annotations must be a plain object of annotation keys to string values, got array'],
  ])('%p', (v, want) => expect(checkAnnotations('annotations', v)).toBe(want));
});

describe('env var names (IsEnvVarName 1.28)', () => {
  test.each<[unknown, string | undefined]>([
    ['DATABASE_URL', undefined], ['my.env-name', undefined], ['_x', undefined], ['-x', undefined], ['.x', undefined],
    ['a..b', undefined], ['x.', undefined],
    ['.', `env key must be ${ENV}, got '.'`], ['..', `env key must be ${ENV}, got '..'`],
    ['..x', `env key must be ${ENV}, got '..x'`],
    ['1X', `env key must be ${ENV}, got '1X'`], ['A B', `env key must be ${ENV}, got 'A B'`],
    ['', `env key must be ${ENV}, got ''`], ['Ä', `env key must be ${ENV}, got 'Ä'`],
    ['A=B', `env key must be ${ENV}, got 'A=B'`], [Symbol('x'), `env key must be ${ENV}, got symbol`],
    ['-0X0', `env key ${NUMBER_MSG}`], ['-0o7', `env key ${NUMBER_MSG}`], ['-0x1F', undefined],
  ])('%p', (v, want) => expect(checkEnvVarName('env key', v)).toBe(want));
});

describe('ConfigMap keys', () => {
  test.each<[string, string | undefined]>([
    ['locustfile.py', undefined], ['a_b-c', undefined],
    ['.', "data key must be a ConfigMap key of at most 253 characters (letters, digits, '-', '_' or '.'), not '.', "
      + "'..' or starting with '..', got '.'"],
    ['..data', "data key must be a ConfigMap key of at most 253 characters (letters, digits, '-', '_' or '.'), not "
      + "'.', '..' or starting with '..', got '..data'"],
    ['a/b', "data key must be a ConfigMap key of at most 253 characters (letters, digits, '-', '_' or '.'), not '.', "
      + "'..' or starting with '..', got 'a/b'"],
    ['0O17', `data key ${NUMBER_MSG}`],
  ])('%p', (v, want) => expect(checkConfigMapKey('data key', v)).toBe(want));
});

describe('ingress hosts', () => {
  test.each<[string, string | undefined]>([
    ['api.example.com', undefined], ['*.example.com', undefined], ['localhost', undefined], ['1.2.3.256', undefined],
    ['1.2.3', undefined],
    ['1.2.3.4', "ingress.host must be a DNS name, not an IP address (the apiserver rejects IP hosts), got '1.2.3.4'"],
    ['010.001.1.1', "ingress.host must be a DNS name, not an IP address (the apiserver rejects IP hosts), got "
      + "'010.001.1.1'"],
    ['::1', "ingress.host must be a DNS name, not an IP address (the apiserver rejects IP hosts), got '::1'"],
    ['api.example.com:443', "ingress.host must be a DNS name, not an IP address (the apiserver rejects IP hosts), got "
      + "'api.example.com:443'"],
    ['API.example.com', `ingress.host must be ${HOST}, got 'API.example.com'`],
    ['*', `ingress.host must be ${HOST}, got '*'`], ['a.*.com', `ingress.host must be ${HOST}, got 'a.*.com'`],
    ['*.*.com', `ingress.host must be ${HOST}, got '*.*.com'`],
    ['0o17', `ingress.host ${NUMBER_MSG}`], ['example.com.', `ingress.host must be ${HOST}, got 'example.com.'`],
    ['ex_ample.com', `ingress.host must be ${HOST}, got 'ex_ample.com'`],
  ])('%p', (v, want) => expect(checkIngressHost('ingress.host', v)).toBe(want));
  test('wildcards can be refused', () => expect(checkIngressHost('h', '*.a.com', { allowWildcard: false }))
    .toBe("h must be a DNS name of at most 253 characters (lowercase dot-separated labels), not an IP address, "
      + "got '*.a.com'"));
  test('isSloppyIPv4', () => expect(['1.2.3.4', '01.2.3.4', '255.255.255.255', '256.1.1.1', '1.2.3', 'a.b.c.d']
    .map(isSloppyIPv4)).toEqual([true, true, true, false, false, false]));
});

describe('HTTPRoute (Gateway API v1.2.1 CRD)', () => {
  const CHARS = "an absolute path of at most 1024 characters matching "
    + "^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$";
  test.each<[string, string | undefined]>([
    ['/', undefined], ['/api/v1', undefined], ['/a%20b', undefined], ["/a-._~!$&'()*+,;=:@", undefined],
    ['/' + 'a'.repeat(1023), undefined],
    ['/' + 'a'.repeat(1024), `httpRoute.path must be ${CHARS}, got 1025 characters`],
    ['api', "httpRoute.path must be an absolute path starting with '/', got 'api'"],
    ['/a//b', "httpRoute.path must not contain '//' (Gateway API HTTPRoute rule), got '/a//b'"],
    ['/a/./b', "httpRoute.path must not contain '/./' (Gateway API HTTPRoute rule), got '/a/./b'"],
    ['/a/../b', "httpRoute.path must not contain '/../' (Gateway API HTTPRoute rule), got '/a/../b'"],
    ['/a%2fb', "httpRoute.path must not contain '%2f' (Gateway API HTTPRoute rule), got '/a%2fb'"],
    ['/a%2Fb', "httpRoute.path must not contain '%2F' (Gateway API HTTPRoute rule), got '/a%2Fb'"],
    ['/a#b', "httpRoute.path must not contain '#' (Gateway API HTTPRoute rule), got '/a#b'"],
    ['/a/..', "httpRoute.path must not end with '/..' (Gateway API HTTPRoute rule), got '/a/..'"],
    ['/a/.', "httpRoute.path must not end with '/.' (Gateway API HTTPRoute rule), got '/a/.'"],
    ['/a b', `httpRoute.path must be ${CHARS}, got '/a b'`],
    ['/a?b=1', `httpRoute.path must be ${CHARS}, got '/a?b=1'`],
    ['/%zz', `httpRoute.path must be ${CHARS}, got '/%zz'`], ['/ä', `httpRoute.path must be ${CHARS}, got '/ä'`],
  ])('path %p', (v, want) => expect(checkHttpRoutePath('httpRoute.path', v)).toBe(want));
  test.each<[string, string | undefined]>([
    ['api.example.com', undefined], ['*.example.com', undefined],
    ['1.2.3.4', "httpRoute.hostnames[0] must be a hostname of at most 253 characters (lowercase dot-separated labels, "
      + "optionally starting with '*.'), not an IP address, got '1.2.3.4'"],
    ['', "httpRoute.hostnames[0] must be a hostname of at most 253 characters (lowercase dot-separated labels, "
      + "optionally starting with '*.'), not an IP address, got ''"],
  ])('hostname %p', (v, want) => expect(checkHttpRouteHostname('httpRoute.hostnames[0]', v)).toBe(want));
});

describe('CIDRs (canonical only)', () => {
  test.each<[string, string | undefined]>([
    ['10.0.0.0/8', undefined], ['0.0.0.0/0', undefined], ['192.168.1.1/32', undefined], ['2001:db8::/32', undefined],
    ['::/0', undefined], ['::1/128', undefined],
    ['2001:db8::1:0:0:1/128', undefined], ['fe80::/10', undefined],
    ['10.0.0.1/8', `np.cidr must be ${CIDR}, got '10.0.0.1/8' (canonical: '10.0.0.0/8')`],
    ['010.0.0.0/8', `np.cidr must be ${CIDR}, got '010.0.0.0/8' (canonical: '10.0.0.0/8')`],
    ['10.0.0.0/08', `np.cidr must be ${CIDR}, got '10.0.0.0/08' (canonical: '10.0.0.0/8')`],
    ['2001:DB8::/32', `np.cidr must be ${CIDR}, got '2001:DB8::/32' (canonical: '2001:db8::/32')`],
    ['2001:0db8::/32', `np.cidr must be ${CIDR}, got '2001:0db8::/32' (canonical: '2001:db8::/32')`],
    ['2001:db8:0:0:0:0:0:0/32', `np.cidr must be ${CIDR}, got '2001:db8:0:0:0:0:0:0/32' (canonical: '2001:db8::/32')`],
    ['2001:db8:0:0:1:0:0:1/128', `np.cidr must be ${CIDR}, got '2001:db8:0:0:1:0:0:1/128' (canonical: `
      + `'2001:db8::1:0:0:1/128')`],
    ['2001:db8::0:1/128', `np.cidr must be ${CIDR}, got '2001:db8::0:1/128' (canonical: '2001:db8::1/128')`],
    ['2001:db8::1/32', `np.cidr must be ${CIDR}, got '2001:db8::1/32' (canonical: '2001:db8::/32')`],
    ['::ffff:10.0.0.0/104', `np.cidr must be ${CIDR} (IPv4-mapped or embedded IPv4 notation is not accepted; use an `
      + `IPv4 CIDR), got '::ffff:10.0.0.0/104'`],
    ['10.0.0.0', `np.cidr must be ${CIDR}, got '10.0.0.0'`],
    ['10.0.0.0/33', `np.cidr must be ${CIDR}, got '10.0.0.0/33'`],
    ['::/129', `np.cidr must be ${CIDR}, got '::/129'`],
    ['fe80::1%eth0/64', `np.cidr must be ${CIDR}, got 'fe80::1%eth0/64'`],
    ['1:2:3:4:5:6:7:8:9/64', `np.cidr must be ${CIDR}, got '1:2:3:4:5:6:7:8:9/64'`],
    ['1::2::3/64', `np.cidr must be ${CIDR}, got '1::2::3/64'`],
    [' 10.0.0.0/8', `np.cidr must be ${CIDR}, got ' 10.0.0.0/8'`],
    ['10.0.0.0/8/8', `np.cidr must be ${CIDR}, got '10.0.0.0/8/8'`],
  ])('%p', (v, want) => expect(checkCidr('np.cidr', v)).toBe(want));
  test('formatIPv6 follows RFC 5952 (first longest run, single zero group not compressed)', () => {
    expect(canonicalCidr('1:0:0:2:0:0:0:3/128')).toBe('1:0:0:2::3/128');
    expect(canonicalCidr('1:0:0:2:0:0:3:4/128')).toBe('1::2:0:0:3:4/128');
    expect(canonicalCidr('1:2:3:4:5:6:0:8/128')).toBe('1:2:3:4:5:6:0:8/128');
    expect(formatIPv6(0n)).toBe('::');
  });
  test.each<[string, string, string | undefined]>([
    ['10.0.0.0/8', '10.1.0.0/16', undefined],
    ['10.0.0.0/8', '10.0.0.0/8', "np.except[0] must be a strict subset of the ipBlock cidr '10.0.0.0/8', got "
      + "'10.0.0.0/8'"],
    ['10.0.0.0/8', '11.0.0.0/16', "np.except[0] must be a strict subset of the ipBlock cidr '10.0.0.0/8', got "
      + "'11.0.0.0/16'"],
    ['10.0.0.0/8', '2001:db8::/32', "np.except[0] must be a strict subset of the ipBlock cidr '10.0.0.0/8', got "
      + "'2001:db8::/32'"],
    ['2001:db8::/32', '2001:db8:1::/48', undefined],
    ['10.0.0.0/8', '10.1.0.1/16', `np.except[0] must be ${CIDR}, got '10.1.0.1/16' (canonical: '10.1.0.0/16')`],
  ])('except %s / %s', (cidr, except, want) => expect(checkIpBlockExcept('np.except[0]', cidr, except)).toBe(want));
});

describe('labels Kubernetes sets itself', () => {
  test.each<[string, string | undefined]>([
    ['job-name', "labels key must not be 'job-name': Kubernetes sets that label itself on a Job's pods"],
    ['controller-uid', "labels key must not be 'controller-uid': Kubernetes sets that label itself on a Job's pods"],
    ['batch.kubernetes.io/job-name', "labels key must not be 'batch.kubernetes.io/job-name': Kubernetes sets that "
      + "label itself on a Job's pods"],
    ['batch.kubernetes.io/anything', "labels key must not be 'batch.kubernetes.io/anything': Kubernetes sets that "
      + "label itself on a Job's pods"],
    ['pod-template-hash', "labels key must not be 'pod-template-hash': Kubernetes sets that label itself on a "
      + "Deployment's pods"],
    ['team', undefined], ['app.kubernetes.io/name', undefined], ['controller-revision-hash', undefined],
  ])('%p', (k, want) => expect(checkUserLabelKey('labels key', k, ['Deployment', 'Job'])).toBe(want));
  test('per workload', () => {
    expect(reservedLabelOwner('job-name', ['Deployment'])).toBeUndefined();
    expect(reservedLabelOwner('controller-revision-hash', ['StatefulSet'])).toBe('StatefulSet');
    expect(reservedLabelOwner('pod-template-generation', ['DaemonSet'])).toBe('DaemonSet');
  });
});

// The apiserver's own validation functions as the oracle: everything we accept, it accepts.
const reader = kubectlReader();
(reader ? describe : describe.skip)('agrees with k8s.io/apimachinery v0.28.15 validation', () => {
  const ask = (kind: string, values: string[]) => reader!.oracle(values.map((value) => ({ kind, value })))
    .map((r) => r.errors.length === 0);
  test('env var names: ours == IsEnvVarName', () => {
    const names = [
      'A', '.', '..', '..x', '.x', 'x..', '-', '_', '1', 'a1', 'a-b.c_d', '', ' ', 'a b', 'é', '.-', '-.', '...',
    ];
    expect(names.map((n) => checkEnvVarName('e', n) === undefined)).toEqual(ask('env-var-name', names));
  });
  test('qualified names: ours == IsQualifiedName (for YAML-safe keys)', () => {
    const keys = [
      'a', 'a/b', '/b', 'a/', 'a/b/c', 'A.b/c', 'x'.repeat(63), 'x'.repeat(64), `${'p'.repeat(253)}/x`,
      `${'p'.repeat(254)}/x`, '-a', 'a-', 'a_b', 'a.b/c_d', '_a', 'example.com/-x',
    ];
    expect(keys.map((k) => checkQualifiedName('k', k) === undefined)).toEqual(ask('qualified-name', keys));
  });
  test('label values: ours == IsValidLabelValue (for YAML-safe values)', () => {
    const vals = ['', 'a', '-a', 'a-', 'a.b_c-d', 'x'.repeat(63), 'x'.repeat(64), 'a b', '1.2.3', 'v1+b'];
    expect(vals.map((v) => checkLabelValue('v', v) === undefined)).toEqual(ask('label-value', vals));
  });
  test('ingress hosts: ours == validateIngressRules', () => {
    const hosts = [
      'api.example.com', '1.2.3.4', '010.1.1.1', '1.2.3.256', '*.a.com', '*', 'a.*.com', 'A.com', '::1', 'a:1',
      'x'.repeat(254), 'a..b', '1.2.3',
    ];
    expect(hosts.map((h) => checkIngressHost('h', h) === undefined)).toEqual(ask('ingress-host', hosts));
  });
  test('CIDRs: every CIDR we accept, ParseCIDRSloppy accepts with the same network; 1.28 also accepts the sloppy forms '
    + 'we refuse', () => {
    const cidrs = [
      '10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32', '::/0', 'fe80::/10', '2001:db8::1:0:0:1/128', '10.0.0.1/8',
      '010.0.0.0/8', '2001:DB8::/32', '2001:0db8::/32', '::ffff:10.0.0.0/104', '2001:db8::1/32',
    ];
    const answers = reader!.oracle(cidrs.map((value) => ({ kind: 'cidr', value })));
    cidrs.forEach((c, i) => {
      if (checkCidr('c', c) === undefined) expect((answers[i].result as { network: string }).network).toBe(c);
      else expect(answers[i].errors).toEqual([]); // 1.28 accepts all of these loose forms
    });
  });
  test('ipBlock except: ours == ValidateIPBlock for canonical input', () => {
    const pairs: [string, string][] = [
      ['10.0.0.0/8', '10.1.0.0/16'], ['10.0.0.0/8', '10.0.0.0/8'], ['10.0.0.0/8', '11.0.0.0/16'],
      ['10.0.0.0/8', '2001:db8::/32'], ['2001:db8::/32', '2001:db8:1::/48'], ['10.0.0.0/16', '10.0.0.0/8'],
    ];
    const answers = reader!.oracle(pairs.map(([value, other]) => ({ kind: 'ipblock-except', value, other })));
    expect(pairs.map(([c, e]) => checkIpBlockExcept('x', c, e) === undefined))
      .toEqual(answers.map((r) => r.errors.length === 0));
  });
});
