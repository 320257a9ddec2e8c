import { Chart, JsonPatch, Testing } from 'cdk8s';
import { FastApiService } from '../lib';
import { checkObjects } from '../lib/policy';
import { IMAGE, Manifest, appContainer, oneOf } from './util';

// The README's escape hatch: the exposed objects (deployment, service, ...) take cdk8s JSON patches.
function synthPatched(patch: (api: FastApiService) => void): Manifest[] {
  const chart = new Chart(Testing.app(), 'test');
  const api = new FastApiService(chart, 'api', { image: IMAGE });
  patch(api);
  return Testing.synth(chart) as Manifest[];
}

test('addJsonPatch on the exposed Deployment changes the synthesized object', () => {
  const manifests = synthPatched((api) => api.deployment.addJsonPatch(
    JsonPatch.add('/spec/template/spec/hostAliases', [{ ip: '10.0.0.5', hostnames: ['legacy.internal'] }]),
  ));
  expect(oneOf(manifests, 'Deployment').spec.template.spec.hostAliases)
    .toEqual([{ ip: '10.0.0.5', hostnames: ['legacy.internal'] }]);
});

test('a harmless patch keeps the app compliant with the policy plugin', () => {
  const manifests = synthPatched((api) => api.service.addJsonPatch(
    JsonPatch.add('/spec/sessionAffinity', 'ClientIP'),
  ));
  expect(checkObjects(manifests)).toEqual([]);
});

test('the policy plugin still checks a patched object', () => {
  const manifests = synthPatched((api) => api.deployment.addJsonPatch(
    JsonPatch.replace('/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem', false),
  ));
  expect(appContainer(manifests).securityContext.readOnlyRootFilesystem).toBe(false);
  expect(checkObjects(manifests).map((v) => [v.rule, v.message])).toEqual([
    ['restricted-security-context', 'container \'app\': needs readOnlyRootFilesystem true'],
  ]);
});
