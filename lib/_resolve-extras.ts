import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { parsePinnedImage } from './_image';
import { AUTOSCALING_KEYS, GATEWAY_REF_KEYS, HTTP_ROUTE_KEYS, INGRESS_KEYS, INIT_STEP_KEYS, MIGRATION_KEYS, NETWORK_POLICY_KEYS, TLS_KEYS } from './_keys';
import { ResolvedResources, resolveResources } from './_resolve-pod';
import {
  conflict, dns1123Label, dns1123Subdomain, ingressPath, integerIn, knownKeys, labelKey, nonEmptyStrings, reject, unique, wholeSeconds,
} from './_validate';
import { AutoscalingOptions } from './autoscaling';
import { EnvValue } from './env';
import { HttpRouteOptions } from './http-route';
import { IngressOptions } from './ingress';
import { InitStep, MigrationOptions } from './init';
import { NetworkPolicyOptions } from './props';

export interface ResolvedAutoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cpuUtilization: number;
  readonly memoryUtilization?: number;
  readonly scaleDownSeconds: number;
  readonly scaleUpSeconds: number;
}

export function resolveAutoscaling(a: AutoscalingOptions, resources: ResolvedResources): ResolvedAutoscaling {
  knownKeys('autoscaling', a, AUTOSCALING_KEYS);
  integerIn('autoscaling.minReplicas', a.minReplicas, 1, 1000);
  integerIn('autoscaling.maxReplicas', a.maxReplicas, 1, 1000);
  integerIn('autoscaling.cpuUtilization', a.cpuUtilization, 1, 100);
  integerIn('autoscaling.memoryUtilization', a.memoryUtilization, 1, 100);
  const minReplicas = a.minReplicas ?? 1;
  const maxReplicas = a.maxReplicas ?? Math.max(10, minReplicas);
  if (minReplicas > maxReplicas) {
    reject('autoscaling.minReplicas', minReplicas, `at most autoscaling.maxReplicas (${maxReplicas})`);
  }
  if (!resources.hasCpuRequest) {
    reject('resources.cpu.request', undefined, 'set when autoscaling on CPU: utilization is measured against the request');
  }
  if (a.memoryUtilization !== undefined && !resources.hasMemoryRequest) {
    reject('resources.memory.request', undefined, 'set when autoscaling on memory: utilization is measured against the request');
  }
  return {
    minReplicas,
    maxReplicas,
    cpuUtilization: a.cpuUtilization ?? 50,
    memoryUtilization: a.memoryUtilization,
    scaleDownSeconds: wholeSeconds('autoscaling.scaleDownStabilization', a.scaleDownStabilization, 300, 0, 3600),
    scaleUpSeconds: wholeSeconds('autoscaling.scaleUpStabilization', a.scaleUpStabilization, 0, 0, 3600),
  };
}

export interface ResolvedIngress {
  readonly host: string;
  readonly path: string;
  readonly className?: string;
  readonly annotations: Record<string, string>;
  readonly tlsSecretName?: string;
}

export function resolveIngress(name: string, i: IngressOptions): ResolvedIngress {
  knownKeys('ingress', i, INGRESS_KEYS);
  if (typeof i.host !== 'string' || !i.host) reject('ingress.host', i.host, 'a host name such as \'api.example.com\'');
  dns1123Subdomain('ingress.host', i.host.startsWith('*.') ? i.host.slice(2) : i.host);
  ingressPath('ingress.path', i.path);
  dns1123Subdomain('ingress.className', i.className);
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(i.annotations ?? {})) {
    labelKey('ingress.annotations key', k);
    if (typeof v !== 'string') reject(`ingress.annotations['${k}']`, v, 'a string');
    annotations[k] = v;
  }
  if (i.tls === undefined) {
    reject('ingress.tls', undefined, 'set to a cert-manager issuer or secretName, or to false to serve plain HTTP on purpose');
  }
  let tlsSecretName: string | undefined;
  if (i.tls) {
    knownKeys('ingress.tls', i.tls, TLS_KEYS);
    const { clusterIssuer, issuer, secretName } = i.tls;
    if (clusterIssuer !== undefined && issuer !== undefined) conflict('ingress.tls.clusterIssuer', clusterIssuer, 'ingress.tls.issuer');
    dns1123Subdomain('ingress.tls.clusterIssuer', clusterIssuer);
    dns1123Subdomain('ingress.tls.issuer', issuer);
    dns1123Subdomain('ingress.tls.secretName', secretName);
    if (clusterIssuer) annotations['cert-manager.io/cluster-issuer'] = clusterIssuer;
    if (issuer) annotations['cert-manager.io/issuer'] = issuer;
    tlsSecretName = secretName ?? `${name}-tls`;
  }
  return { host: i.host, path: i.path ?? '/', className: i.className, annotations, tlsSecretName };
}

export interface ResolvedHttpRoute {
  readonly gateway: { readonly name: string; readonly namespace?: string; readonly sectionName?: string };
  readonly hostnames: string[];
  readonly path: string;
}

export function resolveHttpRoute(h: HttpRouteOptions): ResolvedHttpRoute {
  knownKeys('httpRoute', h, HTTP_ROUTE_KEYS);
  if (h.gateway === undefined) reject('httpRoute.gateway', undefined, 'a Gateway reference { name, namespace?, sectionName? }');
  knownKeys('httpRoute.gateway', h.gateway, GATEWAY_REF_KEYS);
  dns1123Subdomain('httpRoute.gateway.name', h.gateway.name);
  if (h.gateway.name === undefined) reject('httpRoute.gateway.name', undefined, 'the Gateway\'s name');
  dns1123Label('httpRoute.gateway.namespace', h.gateway.namespace);
  dns1123Label('httpRoute.gateway.sectionName', h.gateway.sectionName);
  if (!Array.isArray(h.hostnames) || h.hostnames.length === 0 || h.hostnames.length > 16) {
    reject('httpRoute.hostnames', h.hostnames, 'a list of 1 to 16 host names');
  }
  h.hostnames.forEach((host, i) => dns1123Subdomain(`httpRoute.hostnames[${i}]`, typeof host === 'string' && host.startsWith('*.') ? host.slice(2) : host));
  unique('httpRoute.hostnames', h.hostnames);
  ingressPath('httpRoute.path', h.path);
  return { gateway: { ...h.gateway }, hostnames: [...h.hostnames], path: h.path ?? '/' };
}

export interface ResolvedStep {
  readonly name: string;
  readonly image: string;
  readonly command: string[];
  readonly env: k8s.EnvVar[];
  readonly inheritEnvFrom: boolean;
  readonly resources?: ResolvedResources;
}

/** Merges extra variables over the service's, keeping the service's order (deterministic output). */
export function mergeEnv(base: Record<string, EnvValue>, extra: Record<string, EnvValue> | undefined): k8s.EnvVar[] {
  const merged = { ...base, ...(extra ?? {}) };
  return Object.keys(merged).map((n) => merged[n]._toEnvVar(n));
}

export function resolveInitSteps(steps: InitStep[], image: string, env: Record<string, EnvValue>, checkEnv: (prop: string, e?: Record<string, EnvValue>) => void): ResolvedStep[] {
  if (!Array.isArray(steps)) reject('initContainers', steps, 'a list of init steps');
  steps.forEach((s, i) => {
    knownKeys(`initContainers[${i}]`, s, INIT_STEP_KEYS);
    dns1123Label(`initContainers[${i}].name`, s?.name);
    if (s?.name === undefined) reject(`initContainers[${i}].name`, undefined, 'a DNS-1123 label');
    if (s.name === 'app') reject(`initContainers[${i}].name`, s.name, 'different from \'app\', the app container\'s name');
    nonEmptyStrings(`initContainers[${i}].command`, s.command);
    if (s.command === undefined) reject(`initContainers[${i}].command`, undefined, 'a non-empty list of non-empty strings (exec form)');
    if (s.image !== undefined) parsePinnedImage(s.image, `initContainers[${i}].image`);
    checkEnv(`initContainers[${i}].env`, s.env);
  });
  unique('initContainers[].name', steps.map((s) => s.name));
  return steps.map((s, i) => {
    const inherit = s.inheritEnv ?? true;
    return {
      name: s.name,
      image: s.image ?? image,
      command: [...s.command],
      env: mergeEnv(inherit ? env : {}, s.env),
      inheritEnvFrom: inherit,
      resources: s.resources ? resolveResources(`initContainers[${i}].resources`, s.resources) : undefined,
    };
  });
}

export interface ResolvedMigration {
  readonly jobName: string;
  readonly command: string[];
  readonly env: k8s.EnvVar[];
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
  readonly ttlSeconds: number;
  readonly hookAnnotations: boolean;
}

export function resolveMigration(name: string, image: string, m: MigrationOptions, env: Record<string, EnvValue>, checkEnv: (prop: string, e?: Record<string, EnvValue>) => void): ResolvedMigration {
  knownKeys('migration', m, MIGRATION_KEYS);
  nonEmptyStrings('migration.command', m.command);
  if (m.command === undefined) reject('migration.command', undefined, 'a non-empty list of non-empty strings (exec form)');
  checkEnv('migration.env', m.env);
  integerIn('migration.backoffLimit', m.backoffLimit, 0, 20);
  const merged = mergeEnv(env, m.env);
  // A Job's pod template is immutable: a new name per image/command/env lets `kubectl apply` create
  // the next release's Job instead of failing on the old one.
  const digest = createHash('sha256').update(JSON.stringify({ image, command: m.command, env: merged })).digest('hex').slice(0, 8);
  const jobName = `${name}-migrate-${digest}`;
  if (jobName.length > 63) {
    reject('name', name, `at most 46 characters when a migration Job is configured (its name '${jobName}' must fit 63)`);
  }
  return {
    jobName,
    command: [...m.command],
    env: merged,
    backoffLimit: m.backoffLimit ?? 2,
    activeDeadlineSeconds: wholeSeconds('migration.activeDeadline', m.activeDeadline, 600, 1, 86400),
    ttlSeconds: wholeSeconds('migration.ttlAfterFinished', m.ttlAfterFinished, 86400, 0, 604800),
    hookAnnotations: m.hookAnnotations ?? true,
  };
}

const CIDR = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|\d?\d)$/;

export interface ResolvedNetworkPolicy {
  readonly allowFromNamespaces?: string[];
  readonly allowEgressTo?: string[];
}

export function resolveNetworkPolicy(n: NetworkPolicyOptions | false | undefined): ResolvedNetworkPolicy | undefined {
  if (n === false) return undefined;
  knownKeys('networkPolicy', n, NETWORK_POLICY_KEYS);
  const namespaces = n?.allowFromNamespaces;
  if (namespaces !== undefined) {
    if (!Array.isArray(namespaces)) reject('networkPolicy.allowFromNamespaces', namespaces, 'a list of namespace names');
    namespaces.forEach((ns, i) => dns1123Label(`networkPolicy.allowFromNamespaces[${i}]`, ns));
    unique('networkPolicy.allowFromNamespaces', namespaces);
  }
  const egress = n?.allowEgressTo;
  if (egress !== undefined) {
    if (!Array.isArray(egress)) reject('networkPolicy.allowEgressTo', egress, 'a list of CIDRs');
    egress.forEach((c, i) => { if (typeof c !== 'string' || !CIDR.test(c)) reject(`networkPolicy.allowEgressTo[${i}]`, c, 'an IPv4 or IPv6 CIDR such as \'10.20.0.0/16\''); });
    unique('networkPolicy.allowEgressTo', egress);
  }
  return { allowFromNamespaces: namespaces ? [...namespaces] : undefined, allowEgressTo: egress ? [...egress] : undefined };
}
