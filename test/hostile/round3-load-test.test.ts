/**
 * Issue 11, round 3: LoadTest props. The Locust image's tag becomes the version label, so it must be
 * a label value kubectl reads back as written; the locustfile must fit its ConfigMap and hold no
 * secret by value. Same contract as hostile.test.ts (harness.ts).
 */
import { FastApiService, LoadTest, LoadTestProps } from '../../lib';
import { MAX_CONFIG_MAP_DATA_BYTES } from '../../lib/load-test';
import { Build, Doc, HostileCase, describeCases, of } from './harness';

jest.setTimeout(120_000);

const LOCUST = 'from locust import HttpUser\n';
const GHP = 'ghp_' + 'A1b2C3d4E5'.repeat(3) + 'F6g7H8';
const load = (extra: Partial<LoadTestProps>): Build => (chart) => {
  const target = new FastApiService(chart, 'api', { image: 'registry.example.com/shop:1.2.3' });
  new LoadTest(chart, 'load', { target, locustfile: LOCUST, ...extra });
};
const version = (docs: Doc[]) => of('Job')(docs.filter((doc) => doc.metadata.name === 'api-load-test'))
  .metadata.labels['app.kubernetes.io/version'];
const data = (docs: Doc[]) => of('ConfigMap')(docs).data['locustfile.py'];

const cases: HostileCase[] = [];
const reject = (title: string, build: Build, fragment: string, hidden?: string[]) =>
  cases.push({ title, build, reject: fragment, path: 'test/load', hidden });
const accept = (title: string, build: Build, pick: (docs: Doc[]) => unknown, want: unknown) =>
  cases.push({ title, build, pick, want });

const TAG = 'image (its tag is the version label)';
reject('image tag 0X1', load({ image: 'locustio/locust:0X1' }),
  `${TAG} would be read by kubectl as an integer, not a string`);
reject('image tag 0o644', load({ image: 'locustio/locust:0o644' }),
  `${TAG} would be read by kubectl as an integer, not a string`);
reject('image tag 0B1', load({ image: 'locustio/locust:0B1' }), `${TAG} would be read by kubectl as an integer`);
reject('image tag of 64 characters', load({ image: `locustio/locust:${'a'.repeat(64)}` }),
  `${TAG} must be a label value of at most 63 characters`);
reject('image tag ending in a dot', load({ image: 'locustio/locust:2.47.' }), `${TAG} must be a label value`);
accept('image tag 2.47.0', load({ image: 'locustio/locust:2.47.0' }), version, '2.47.0');
accept('image tag 0x1F (the writer quotes it)', load({ image: 'locustio/locust:0x1F' }), version, '0x1F');
accept('image tag 0777 (the writer quotes it)', load({ image: 'locustio/locust:0777' }), version, '0777');
accept('image tag 1e3 (the writer quotes it)', load({ image: 'locustio/locust:1e3' }), version, '1e3');
reject('image with user:password', load({ image: 'u:s3cretpw@registry.example.com/locust:1.0' }),
  'image must be a container image reference', ['s3cretpw']);
reject('image a number (plain JS)', load({ image: 2 as unknown as string }),
  'image must be a non-empty string, got number');
reject('users a string (plain JS)', load({ users: '5' as unknown as number }), 'users must be an integer, got string');

// within a ConfigMap's 1 MiB, but too large for client-side `kubectl apply` (test/hostile/apply-size)
reject('a locustfile of exactly 1 MiB', load({ locustfile: '#'.repeat(MAX_CONFIG_MAP_DATA_BYTES) }),
  "the ConfigMap 'api-load-test' must fit in 262144 bytes (256 KiB) of annotations once client-side 'kubectl apply'");
reject('a locustfile of 1 MiB and one byte', load({ locustfile: '#'.repeat(MAX_CONFIG_MAP_DATA_BYTES + 1) }),
  'locustfile must be at most 1048576 bytes in UTF-8 (1 MiB, the apiserver\'s limit on a ConfigMap\'s data), '
  + 'got 1048577 bytes');
reject('a locustfile of 524289 two-byte characters',
  load({ locustfile: 'é'.repeat(MAX_CONFIG_MAP_DATA_BYTES / 2 + 1) }), 'got 1048578 bytes');
reject('a locustfile with a GitHub token', load({ locustfile: `${LOCUST}TOKEN = "${GHP}"\n` }),
  'locustfile contains a value that looks like a GitHub token', [GHP.slice(4)]);
reject('a locustfile with a database URL', load({ locustfile: `${LOCUST}DB = "postgresql://u:pw@db/x"\n` }),
  'locustfile contains a value that looks like a URL with a password in its user info', ['u:pw']);
accept('a locustfile reading its token from the environment',
  load({ locustfile: `${LOCUST}import os\nTOKEN = os.environ["TOKEN"]\n` }), data,
  `${LOCUST}import os\nTOKEN = os.environ["TOKEN"]\n`);

describeCases(cases, (entry) => `LoadTest ${entry.title}`);
