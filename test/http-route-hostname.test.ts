import { IMAGE, oneOf, synthService } from './util';

const GATEWAY = { name: 'public' };

describe('HTTPRoute hostnames', () => {
  test('a hostname with two wildcard labels is rejected naming the whole value', () => {
    expect(() => synthService({ image: IMAGE, httpRoute: { gateway: GATEWAY, hostnames: ['*.*.example.com'] } }))
      .toThrow("test/api: httpRoute.hostnames[0] must be a DNS-1123 subdomain of at most 253 characters "
        + "(lowercase dot-separated labels), got '*.*.example.com'");
  });

  test('a hostname with one leading wildcard label is written as given', () => {
    const route = oneOf(synthService({ image: IMAGE, httpRoute: { gateway: GATEWAY, hostnames: ['*.example.com'] } }),
      'HTTPRoute');
    expect(route.spec.hostnames).toEqual(['*.example.com']);
  });

  const hostnameOf = (length: number) =>
    `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(length - 192)}`;

  test('a hostname of 253 characters, the CRD limit, is written as given', () => {
    const route = oneOf(synthService({ image: IMAGE, httpRoute: { gateway: GATEWAY, hostnames: [hostnameOf(253)] } }),
      'HTTPRoute');
    expect(route.spec.hostnames[0]).toHaveLength(253);
  });

  test('a hostname of 254 characters is rejected with the CRD limit of 253', () => {
    const long = hostnameOf(254);
    expect(long).toHaveLength(254);
    expect(() => synthService({ image: IMAGE, httpRoute: { gateway: GATEWAY, hostnames: [long] } }))
      .toThrow(/httpRoute\.hostnames\[0\] must be a DNS-1123 subdomain of at most 253 characters/);
  });
});
