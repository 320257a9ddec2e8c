/**
 * Issue 11 class 5 beyond env and argv: every string of FastApiServiceProps and FastApiWorkerProps
 * reaches dist/, so a literal secret anywhere (annotations, labels, version, partOf, ingress) is
 * rejected, naming the prop and the kind of secret, never the value.
 */
import { Chart, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { FastApiServiceProps, FastApiWorker, FastApiWorkerProps, IngressTls, ServiceEnv, WorkerLiveness } from '../lib';
import { findSecretInValue } from '../lib/checks/secret-values';
import { IMAGE, oneOf, synthService } from './util';

const base64url = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
const JWT = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: '42' })}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
const DSN_URL = 'postgresql://u:pw@db/x';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n'
  + '-----END RSA PRIVATE KEY-----';
const SLACK = 'xoxb-1234567890-abcdefghijkl';
const GITHUB = `ghp_${'A1b2C3d4E5'.repeat(3)}f6G7h8`;
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const KEYWORD_DSN = 'host=db password=hunter2';
const TLS = IngressTls.clusterIssuer('letsencrypt');

/** The message of the error `build` throws ('' when it does not throw). */
function messageOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

const service = (props: Partial<FastApiServiceProps>) => () => synthService({ image: IMAGE, ...props });
const worker = (props: Partial<FastApiWorkerProps>) => () => {
  const chart = new Chart(Testing.app(), 'test');
  new FastApiWorker(chart, 'worker', {
    image: IMAGE, command: ['celery', 'worker'], liveness: WorkerLiveness.exec(['true']), ...props,
  });
  return Testing.synth(chart);
};

// [where, secret, build, the prop the message names, the kind of secret it names]
const REJECTED: [string, string, () => unknown, string, RegExp][] = [
  ['a URL with a password in a pod annotation', DSN_URL,
    service({ podAnnotations: { 'example.com/db': DSN_URL } }), "podAnnotations['example.com/db']",
    /a URL with a password/],
  ['a JWT in a pod annotation', JWT, service({ podAnnotations: { 'example.com/token': JWT } }),
    "podAnnotations['example.com/token']", /a JSON Web Token/],
  ['a PEM private key in a Service annotation', PEM,
    service({ service: { annotations: { 'example.com/key': PEM } } }), "service.annotations['example.com/key']",
    /a PEM RSA private key block/],
  ['a Slack token in an ingress annotation', SLACK,
    service({ ingress: { host: 'api.example.com', tls: TLS, annotations: { 'example.com/hook': SLACK } } }),
    "ingress.annotations['example.com/hook']", /a Slack token/],
  ['a GitHub token as a label value', GITHUB, service({ labels: { team: GITHUB } }), "labels['team']",
    /a GitHub token/],
  ['an AWS access key id as a label value', AWS_KEY_ID, service({ labels: { team: AWS_KEY_ID } }), "labels['team']",
    /an AWS access key id/],
  ['a GitHub token as a label key', GITHUB, service({ labels: { [GITHUB]: 'x' } }), 'labels key', /a GitHub token/],
  ['an AWS access key id as a label key', AWS_KEY_ID, service({ labels: { [AWS_KEY_ID]: 'x' } }), 'labels key',
    /an AWS access key id/],
  ['a GitHub token as the version', GITHUB, service({ version: GITHUB }), 'version', /a GitHub token/],
  ['an AWS access key id as partOf', AWS_KEY_ID, service({ partOf: AWS_KEY_ID }), 'partOf', /an AWS access key id/],
  ['a key=value DSN with a password in an annotation', KEYWORD_DSN,
    service({ podAnnotations: { 'example.com/db': KEYWORD_DSN } }), "podAnnotations['example.com/db']",
    /a connection string with a password keyword/],
  ['a URL with a password as the ingress host', DSN_URL,
    service({ ingress: { host: DSN_URL, tls: TLS } }), 'ingress.host', /a URL with a password/],
  ['a JWT in a worker pod annotation', JWT, worker({ podAnnotations: { 'example.com/token': JWT } }),
    "podAnnotations['example.com/token']", /a JSON Web Token/],
  ['a Slack token as a worker pod annotation key', SLACK, worker({ podAnnotations: { [SLACK]: 'x' } }),
    'podAnnotations key', /a Slack token/],
];

describe.each(REJECTED)('%s', (_where, secret, build, prop, kind) => {
  const message = messageOf(build);

  test('is rejected, naming the prop and the kind of secret', () => {
    expect(message).toMatch(/^test\/(api|worker): /);
    expect(message).toContain(`${prop} looks like `);
    expect(message).toMatch(kind);
  });

  test('is rejected without echoing the value', () => {
    expect(message).not.toBe('');
    expect(message).not.toContain(secret);
  });
});

describe('strings that are not secrets', () => {
  test('ordinary annotations, labels, version and partOf are written as given', () => {
    const manifests = synthService({
      image: IMAGE, version: '1.0.0', partOf: 'shop', labels: { team: 'payments' },
      podAnnotations: { 'example.com/db': 'postgresql://db/x', 'example.com/doc': 'https://example.com/?page=2' },
      service: { annotations: { 'example.com/cert': '-----BEGIN CERTIFICATE-----' } },
    });
    const deployment = oneOf(manifests, 'Deployment');
    expect(deployment.spec.template.metadata.annotations['example.com/db']).toBe('postgresql://db/x');
    expect(deployment.metadata.labels.team).toBe('payments');
    expect(deployment.metadata.labels['app.kubernetes.io/part-of']).toBe('shop');
  });

  test('a URL whose password is a $(VAR) reference is written as given', () => {
    const value = 'postgresql://u:$(DB_PASSWORD)@db/x';
    const deployment = oneOf(synthService({ image: IMAGE, podAnnotations: { 'example.com/db': value } }), 'Deployment');
    expect(deployment.spec.template.metadata.annotations['example.com/db']).toBe(value);
  });

  test('an env value declared not secret is exempt from the scan', () => {
    expect(() => synthService({ image: IMAGE, env: { DB_URL: ServiceEnv.notSecret(DSN_URL) } })).not.toThrow();
  });

  test('the same env value not declared so is rejected', () => {
    expect(messageOf(service({ env: { DB_URL: EnvValue.fromValue(DSN_URL) } })))
      .toMatch(/^test\/api: env\['DB_URL'\] looks like a URL with a password/);
  });
});

describe('the key=value connection string detector', () => {
  test.each([
    ['host=db password=hunter2'], ['Server=db;Password=hunter2;'], ["host=db password='a b'"],
  ])('%p looks like a secret', (value) => expect(findSecretInValue(value)?.kind).toBe('keyword-password'));

  test.each([
    ['host=db password=$(DB_PASSWORD)'], ["host=db password=''"], ['password_reset=enabled'], ['host=db user=u'],
  ])('%p does not', (value) => expect(findSecretInValue(value)).toBeUndefined());
});
