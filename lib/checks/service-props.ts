/**
 * The checks of FastApiServiceProps that belong to no single feature: the runtime types of the
 * top-level props (plain-JS and JSON callers) and the walk over every string (YAML safety, secrets
 * by value), before the construct's own validators; then the namespace, the argv rules, the uvicorn
 * flags extraArgs must not repeat, and the label keys Kubernetes sets itself. Each feature checks
 * its own options in its own file (ingress.ts, http-route.ts, network-policy.ts, migration.ts, env.ts).
 */
import { checkEnvTypes } from '../env';
import { checkHttpRouteTypes } from '../http-route';
import { checkIngressTypes } from '../ingress';
import { checkMigrationTypes } from '../migration';
import { checkExtraArgs, checkUvicornEnv } from '../uvicorn';
import { Workload, checkNamespace, checkUserLabelKey } from './names';
import { checkPodExtrasTypes } from './pod-extras';
import { Check, Props, checkArgv, firstOf, optional, scanProps } from './props-common';
import { checkArray, checkNumber, checkString, checkStringArray, checkStringRecord } from './runtime-types';

/**
 * Runtime types (so no later validator crashes or misreads a plain-JS value) and YAML-safe strings
 * with no secret by value, for FastApiServiceProps: run before the construct's own validators.
 */
export function checkServiceTypes(props: Props): Check {
  const number = (name: string) => () => optional(props[name], () => checkNumber(name, props[name]));
  const string = (name: string) => () => optional(props[name], () => checkString(name, props[name]));
  return firstOf(
    () => checkString('image', props.image, { nonEmpty: true }),
    string('name'), string('namespace'), string('asgiApp'), string('forwardedAllowIps'), string('partOf'),
    string('version'), string('imagePullPolicy'),
    number('port'), number('servicePort'), number('workers'), number('revisionHistoryLimit'),
    () => optional(props.imagePullSecrets, () => checkStringArray('imagePullSecrets', props.imagePullSecrets)),
    () => optional(props.extraArgs, () => checkStringArray('extraArgs', props.extraArgs)),
    () => optional(props.command, () => checkStringArray('command', props.command)),
    () => optional(props.envFrom, () => checkArray('envFrom', props.envFrom)),
    () => optional(props.initContainers, () => checkArray('initContainers', props.initContainers)),
    () => optional(props.labels, () => checkStringRecord('labels', props.labels)),
    () => checkEnvTypes('env', props.env),
    // the features' own type checks, run here too so a plain-JS mistake is named before the walk below
    () => checkMigrationTypes(props.migration),
    () => checkIngressTypes(props.ingress),
    () => checkHttpRouteTypes(props.httpRoute),
    () => checkPodExtrasTypes(props),
    // every string reaches dist/: YAML-safe, and no secret by value (ServiceEnv.notSecret exempts an env value)
    () => scanProps('', props, { secrets: true }),
  );
}

/** The argv, uvicorn flag and label key rules, after the construct's own validators. */
export function checkServiceRules(props: Props): Check {
  const workloads: Workload[] = props.migration === undefined ? ['Deployment'] : ['Deployment', 'Job'];
  return firstOf(
    () => optional(props.namespace, () => checkNamespace('namespace', props.namespace)),
    () => checkArgv('extraArgs', props.extraArgs),
    () => checkArgv('command', props.command),
    () => checkExtraArgs('extraArgs', props.extraArgs),
    () => checkUvicornEnv('env', props.env),
    () => firstOf(...Object.keys(props.labels ?? {}).map((key) => () => checkUserLabelKey('labels key', key,
      workloads))),
  );
}
