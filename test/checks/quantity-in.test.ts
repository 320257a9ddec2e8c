import { KIBI, MEBI, MILLI, quantityIn } from '../../lib/checks/quantity';

test.each([
  ['250m', MILLI, 250], ['1', MILLI, 1000], ['1.5', MILLI, 1500], ['2e3', MILLI, 2_000_000],
  ['64Mi', KIBI, 65536], ['1Gi', MEBI, 1024], ['1G', KIBI, 1e9 / 1024], ['512', KIBI, 0.5],
])('quantityIn(%s) in units of %s nanos is %s', (text, unit, want) => {
  expect(quantityIn(text, unit)).toBe(want);
});

test.each(['0x10', ' 1', '1e+21', '', 'Infinity', '1_000'])('quantityIn(%j) is NaN (not a Kubernetes '
  + 'quantity)', (text) => {
  expect(quantityIn(text, MILLI)).toBeNaN();
});
