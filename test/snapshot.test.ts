import { Chart, Testing } from 'cdk8s';
import { FIXTURES } from './fixtures';

// Small, focused snapshots guard the full output of each fixture; the other test files state intent.
describe.each(Object.keys(FIXTURES))('fixture %s', (name) => {
  test('synthesizes the same manifests as the snapshot', () => {
    const chart = new Chart(Testing.app(), name);
    FIXTURES[name](chart);
    expect(Testing.synth(chart)).toMatchSnapshot();
  });
});
