// Writes each named fixture of test/fixtures.ts to build/fixtures/<name>.k8s.yaml, for the
// cluster and FastAPI tiers, which check them like dist/.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { FIXTURES } from '../test/fixtures';

const outdir = path.join(__dirname, '..', 'build', 'fixtures');
fs.rmSync(outdir, { recursive: true, force: true });
const app = new App({ outdir });
for (const [name, build] of Object.entries(FIXTURES)) {
  build(new Chart(app, name));
}
app.synth();
console.log(`fixtures: ${Object.keys(FIXTURES).map((n) => `build/fixtures/${n}.k8s.yaml`).join(', ')}`);
