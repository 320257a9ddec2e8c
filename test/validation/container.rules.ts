import { Duration, Size } from 'cdk8s';
import { EnvValue, ImagePullPolicy } from 'cdk8s-plus-28';
import { Autoscaling, EnvSource } from '../../lib';
import { Rule } from './rule';

/**
 * The catalogue of invalid input, part container: names, image, port, workers, command, env,
 * security, labels, pull settings, keep-alive, forwarded IPs, and the shape of the input (null,
 * unknown keys).
 */

export const CONTAINER_RULES: Rule[] = [
  {
    rule: 'name is a DNS-1035 label',
    valid: { name: 'orders-v2' }, invalid: { name: 'Orders_V2' },
    message: /^name must be a DNS-1035 label .*, got 'Orders_V2'$/,
  },
  {
    rule: 'name starts with a letter (Service names)',
    valid: { name: 'a1' }, invalid: { name: '1a' },
    message: /^name must be .*starting with a letter.*, got '1a'$/,
  },
  {
    rule: 'name leaves room for the -svc suffix',
    valid: { name: 'a'.repeat(59) }, invalid: { name: 'a'.repeat(60) },
    message: /^name must be a DNS-1035 label of at most 59 characters/,
  },
  {
    rule: 'name fits the migration Job name',
    valid: { name: 'a'.repeat(46), migration: { command: ['m'] } },
    invalid: { name: 'a'.repeat(47), migration: { command: ['m'] } },
    message: /^name must be at most 46 characters when a migration Job is configured/,
  },
  {
    rule: 'namespace is a DNS-1123 label',
    valid: { namespace: 'team-a' }, invalid: { namespace: 'team.a' },
    message: /^namespace must be a DNS-1123 label.*, got 'team.a'$/,
  },
  {
    rule: 'image is a valid reference',
    valid: { image: 'ghcr.io/org/api:1.2' }, invalid: { image: 'ghcr.io/Org/api:1.2' },
    message: /^image must be a container image reference .*, got 'ghcr.io\/Org\/api:1.2'$/,
  },
  {
    rule: 'image is pinned',
    valid: { image: 'org/api:1' }, invalid: { image: 'org/api' },
    message: /^image must be pinned by a tag or a digest .*, got 'org\/api'$/,
  },
  {
    rule: 'image is not latest',
    valid: { image: 'org/api@sha256:' + 'b'.repeat(64) }, invalid: { image: 'org/api:latest' },
    message: /^image must be pinned by a tag other than ':latest' or by a digest, got 'org\/api:latest'$/,
  },
  {
    rule: 'asgiApp is a uvicorn import string',
    valid: { asgiApp: 'pkg.mod:create' }, invalid: { asgiApp: 'pkg/mod.py' },
    message: /^asgiApp must be a uvicorn import string 'module.path:attribute'.*, got 'pkg\/mod.py'$/,
  },
  {
    rule: 'port is unprivileged',
    valid: { port: 1024 }, invalid: { port: 80 },
    message: /^port must be an integer between 1024 and 65535, got 80$/,
  },
  {
    rule: 'port is in range',
    valid: { port: 65535 }, invalid: { port: 70000 },
    message: /^port must be an integer between 1024 and 65535, got 70000$/,
  },
  {
    rule: 'servicePort is in range',
    valid: { servicePort: 443 }, invalid: { servicePort: 0 },
    message: /^servicePort must be an integer between 1 and 65535, got 0$/,
  },
  {
    rule: 'workers is at least one',
    valid: { workers: 2 }, invalid: { workers: 0 },
    message: /^workers must be an integer between 1 and 64, got 0$/,
  },
  {
    rule: 'workers is whole',
    valid: { workers: 4 }, invalid: { workers: 1.5 },
    message: /^workers must be an integer between 1 and 64, got 1.5$/,
  },
  {
    rule: 'command conflicts with asgiApp',
    valid: { command: ['gunicorn', 'x'] }, invalid: { command: ['gunicorn', 'x'], asgiApp: 'a:b' },
    message: /^command cannot be combined with asgiApp, got \["gunicorn","x"\]$/,
  },
  {
    rule: 'command is exec form',
    valid: { command: ['hypercorn', 'main:app'] }, invalid: { command: [] },
    message: /^command must be a non-empty list of non-empty strings \(exec form\), got \[\]$/,
  },
  {
    rule: 'env names are valid',
    valid: { env: { LOG_LEVEL: EnvValue.fromValue('x') } }, invalid: { env: { '1BAD': EnvValue.fromValue('x') } },
    message: /^env key must be an environment variable name.*, got '1BAD'$/,
  },
  {
    rule: 'env values are EnvValues',
    valid: { env: { A: EnvValue.fromValue('x') } }, invalid: { env: { A: 'x' as any } },
    message: /^env\['A'\] must be an EnvValue.*, got string$/,
  },
  {
    rule: 'envFrom entries are EnvSources',
    valid: { envFrom: [EnvSource.secret('s')] }, invalid: { envFrom: ['s' as any] },
    message: /^envFrom\[0\] must be an EnvSource.*, got 's'$/,
  },
  {
    rule: 'security user is non-root above 10000',
    valid: { security: { user: 10000 } }, invalid: { security: { user: 0 } },
    message: /^security.user must be an integer between 10000 and 2147483647, got 0$/,
  },
  {
    rule: '/tmp fits the ephemeral storage limit',
    valid: { security: { tmpSize: Size.mebibytes(256) } }, invalid: { security: { tmpSize: Size.gibibytes(1) } },
    message: /^security.tmpSize must be at most the container's ephemeral-storage limit.*, got '1Gi'$/,
  },
  {
    rule: 'user labels are valid',
    valid: { labels: { team: 'a' } }, invalid: { labels: { team: 'not valid!' } },
    message: /^labels\['team'\] must be a label value.*, got 'not valid!'$/,
  },
  {
    rule: 'user labels leave the recommended labels alone',
    valid: { labels: { 'app.kubernetes.io/tier': 'web' } }, invalid: { labels: { 'app.kubernetes.io/name': 'x' } },
    message: /^labels key must be none of app.kubernetes.io\/name.*, got 'app.kubernetes.io\/name'$/,
  },
  {
    rule: 'version is a label value',
    valid: { version: '1.2.3-rc.1' }, invalid: { version: 'v1 beta' },
    message: /^version must be a label value.*, got 'v1 beta'$/,
  },
  {
    rule: 'image pull secrets are unique',
    valid: { imagePullSecrets: ['a', 'b'] }, invalid: { imagePullSecrets: ['a', 'a'] },
    message: /^imagePullSecrets must be unique.*, got 'a'$/,
  },
  {
    rule: 'image pull policy is known',
    valid: { imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT }, invalid: { imagePullPolicy: 'Sometimes' as any },
    message: /^imagePullPolicy must be one of Always, IfNotPresent, Never, got 'Sometimes'$/,
  },
  {
    rule: 'keep-alive timeout is whole seconds',
    valid: { keepAliveTimeout: Duration.seconds(65) }, invalid: { keepAliveTimeout: Duration.seconds(0) },
    message: /^keepAliveTimeout must be a Duration of whole seconds between 1s and 3600s, got '0s'$/,
  },
  {
    rule: 'forwarded IPs are addresses',
    valid: { forwardedAllowIps: '10.0.0.0/8,127.0.0.1' }, invalid: { forwardedAllowIps: '10.0.0.0/8; rm -rf' },
    message:
      /^forwardedAllowIps must be a comma-separated list of addresses or CIDRs, or '\*', got '10.0.0.0\/8; rm -rf'$/,
  },
  // Regressions from the property tests (shrunk counterexamples): both used to fall back to defaults silently.
  {
    rule: 'null is not the same as leaving a prop out',
    valid: { name: 'orders' }, invalid: { name: null as any },
    message: /^name must be a value, or left out to take the default, got null$/,
  },
  {
    rule: 'nested null values are rejected too',
    valid: { autoscaling: Autoscaling.cpu({ maxReplicas: 5 }) },
    invalid: { autoscaling: Autoscaling.cpu({ maxReplicas: null as any }) },
    message: /^autoscaling.maxReplicas must be a value, or left out to take the default, got null$/,
  },
  {
    rule: 'unknown top-level keys are rejected',
    valid: { autoscaling: Autoscaling.fixed(2) }, invalid: { replica: 2, autoscaling: Autoscaling.fixed(2) } as any,
    message: /^props key must be one of image, name, .*, got 'replica'$/,
  },
  {
    rule: 'unknown nested keys are rejected',
    valid: { autoscaling: Autoscaling.cpu({ maxReplicas: 5 }) },
    invalid: { autoscaling: Autoscaling.cpu({ maxReplica: 5 } as any) },
    message: /^autoscaling key must be one of minReplicas, maxReplicas, .*, got 'maxReplica'$/,
  },
];
