// Writes random *valid* FastApiService configs (the property tests' generator, fixed seed) as
// manifests for the cluster tier's strict schema checks:
//   build/fuzz/corpus-<k>.k8s.yaml         FUZZ_RUNS configs (default 1000), for kubeconform -strict
//   build/fixtures/fuzz-sample.k8s.yaml    the first FUZZ_SAMPLE (default 20), for the real apiserver
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { FastApiService } from '../lib';
import { validProps } from '../test/arbitraries';

const root = path.join(__dirname, '..');
const seed = Number(process.env.FC_SEED ?? 20261126);
const runs = Number(process.env.FUZZ_RUNS ?? 1000);
const sample = Number(process.env.FUZZ_SAMPLE ?? 20);
const perFile = 100;
const configs = fc.sample(validProps, { seed, numRuns: runs });

function write(outdir: string, charts: { id: string; props: typeof configs }[]): void {
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir, recordConstructMetadata: false });
  // Names drawn twice in one App are made unique: two services of one name and namespace would write
  // the same objects (rejected in one chart since issue 11, across the charts of an App since the
  // object-clash check; earlier corpora silently had such twins).
  const used = new Set<string>();
  for (const { id, props } of charts) {
    const chart = new Chart(app, id);
    props.forEach((p, i) => {
      const name = used.has(`${p.namespace}/${p.name}`) ? `${p.name}-${i}` : p.name;
      used.add(`${p.namespace}/${name}`);
      new FastApiService(chart, `svc-${i}`, { ...p, name });
    });
  }
  app.synth();
}

const chunks = [];
for (let i = 0; i < configs.length; i += perFile) chunks.push({ id: `corpus-${
  i / perFile}`, props: configs.slice(i, i + perFile),
});
write(path.join(root, 'build', 'fuzz'), chunks);
fs.mkdirSync(path.join(root, 'build', 'fixtures'), { recursive: true });
const sampleDir = fs.mkdtempSync(path.join(root, 'build', 'fuzz-sample-'));
write(sampleDir, [{ id: 'fuzz-sample', props: configs.slice(0, sample) }]);
fs.renameSync(
  path.join(sampleDir, 'fuzz-sample.k8s.yaml'), path.join(root, 'build', 'fixtures', 'fuzz-sample.k8s.yaml'),
);
fs.rmSync(sampleDir, { recursive: true, force: true });
console.log(`fuzz corpus: ${configs.length} configs (seed ${seed}) in build/fuzz/, ${
  Math.min(sample, configs.length)} in build/fixtures/fuzz-sample.k8s.yaml`,
);
