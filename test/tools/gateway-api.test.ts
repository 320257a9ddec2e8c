import * as fs from 'fs';
import * as path from 'path';

// imports/ holds what tools/import-gateway-api.sh produced: CRD copies for the cluster tier and
// the constructs generated from them. They must stay one version.
const IMPORTS = path.join(__dirname, '..', '..', 'imports');
const YAML = require('yaml') as { parseAllDocuments(s: string): { toJS(): any }[] };

describe('imports/ Gateway API', () => {
  const version = fs.readFileSync(path.join(IMPORTS, 'crds', 'GATEWAY_API_VERSION'), 'utf8').trim();
  const dir = path.join(IMPORTS, 'crds', `gateway-api-${version}-standard`);
  const crds = fs.readdirSync(dir).sort().flatMap(
    (f) => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS()),
  );

  test('the CRD copies are the standard channel of the recorded version', () => {
    expect(version).toMatch(/^v\d+\.\d+\.\d+$/);
    for (const crd of crds) {
      expect(crd.kind).toBe('CustomResourceDefinition');
      expect(crd.metadata.annotations['gateway.networking.k8s.io/bundle-version']).toBe(version);
      expect(crd.metadata.annotations['gateway.networking.k8s.io/channel']).toBe('standard');
    }
    const kinds = crds.map((c) => c.spec.names.kind);
    expect(kinds).toEqual(expect.arrayContaining(['GatewayClass', 'Gateway', 'HTTPRoute', 'ReferenceGrant']));
    const httproute = crds.find((c) => c.spec.names.kind === 'HTTPRoute');
    expect(httproute.spec.versions.find((v: any) => v.name === 'v1')).toMatchObject({ served: true, storage: true });
  });

  test('the generated constructs come from the same version and cover every CRD', () => {
    const ts = fs.readFileSync(path.join(IMPORTS, 'gateway.networking.k8s.io.ts'), 'utf8');
    expect(ts.split('\n')[0]).toContain(`sigs.k8s.io/gateway-api@${version}`);
    for (const crd of crds) {
      for (const v of crd.spec.versions.filter((x: any) => x.served)) {
        expect(ts).toContain(`apiVersion: 'gateway.networking.k8s.io/${v.name}',\n    kind: '${crd.spec.names.kind}',`);
      }
    }
  });
});
