/**
 * Issue 11, class 7: synthFast's writer is byte-identical to cdk8s's Yaml.stringify (or hands the
 * document to it) on hostile values too, not only on the values the library itself produces.
 */
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { fastYamlStringify } from '../../lib/fast-yaml';
import { PROTOTYPE_NAMES, hostileString } from './hostile-arbitraries';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261127 : undefined;
const numRuns = Number(process.env.FC_NUM_RUNS ?? 200);
const same = (docs: unknown[]) => expect(fastYamlStringify(...docs)).toBe(Yaml.stringify(...docs));

test('-0 is written as the standard writer writes it', () => {
  same([{ spec: { replicas: -0, list: [-0, 0] } }]);
});

test.each([1024, 1025, 1100, 5000])('a map key of %i characters is written as the standard writer writes it', (n) => {
  same([{ metadata: { labels: { ['k'.repeat(n)]: 'x' } } }]);
});

// Found by this file's property (seed -1348178733): the limit applies to the key as written, quotes
// included, so 1023 spaces (written as 1025 characters) became an explicit key in one writer only.
test.each([1022, 1023, 1024])('a quoted map key of %i spaces is written as the standard writer writes it', (n) => {
  same([{ metadata: { annotations: { [' '.repeat(n)]: 'x' } } }]);
});

const hostileKey = fc.oneof(hostileString, fc.constantFrom(...PROTOTYPE_NAMES.filter((k) => k !== '__proto__')),
  fc.integer({ min: 1000, max: 1100 }).map((n) => 'k'.repeat(n)),
  fc.integer({ min: 1015, max: 1030 }).map((n) => ' '.repeat(n)));
const hostileNumber = fc.oneof(fc.constant(-0), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const leaf = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));
const { doc } = fc.letrec((tie) => ({
  doc: fc.dictionary(hostileKey, tie('node'), { maxKeys: 5 }).map((entries) => {
    // own keys only (a 'constructor' key is an own data property here)
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entries)) Object.defineProperty(out, k, { value: v, enumerable: true });
    return out;
  }),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true }, leaf, tie('doc'), fc.array(tie('node'), { maxLength: 4 }),
  ),
}));

test('hostile documents: byte for byte like Yaml.stringify', () => {
  fc.assert(fc.property(fc.array(doc, { minLength: 1, maxLength: 3 }), (docs) => same(docs)), { seed, numRuns });
});
