/**
 * The issue-11 checks of FastApiServiceProps: runtime types (plain-JS and JSON callers) before the
 * construct's own validators, then the apiserver/CRD rules, secrets by value and conflicts those
 * validators miss; the uvicorn flags extraArgs must not repeat; the init steps' env and argv.
 */
import { EnvValue } from 'cdk8s-plus-28';
import { checkHttpRouteHostname, checkHttpRoutePath } from './gateway';
import { Workload, checkAnnotations, checkLabels, checkNamespace, checkUserLabelKey } from './names';
import { checkCidr, checkIngressHost } from './network';
import { checkPodExtrasTypes } from './pod-extras';
import { checkExtraArgs, checkUvicornEnv } from '../uvicorn';
import { Check, Props, checkArgv, checkEnvMap, firstOf, optional, scanProps } from './props-common';
import {
  checkArray, checkBoolean, checkNumber, checkRecord, checkString, checkStringArray, checkStringRecord, isPlainObject,
  typeOf,
} from './runtime-types';

/** The cert-manager annotations IngressTls sets. */
const ISSUER_ANNOTATIONS = ['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer'];

export function checkIssuerAnnotations(prop: string, annotations: unknown,
  tlsIssuerAnnotation: string | undefined): Check {
  if (tlsIssuerAnnotation === undefined || !isPlainObject(annotations)) return undefined;
  const clash = Object.keys(annotations).find((key) => ISSUER_ANNOTATIONS.includes(key.toLowerCase()));
  if (clash === undefined) return undefined;
  return `${prop} key '${clash}' cannot be combined with ingress.tls (IngressTls.clusterIssuer or issuer), which`
    + ` sets '${tlsIssuerAnnotation}': cert-manager would see both; choose the issuer in ingress.tls only`;
}

export interface ServicePropsView {
  readonly props: Props;
  /** The cert-manager annotation ingress.tls sets (issuer or cluster-issuer), if any. */
  readonly tlsIssuerAnnotation?: string;
  /** The issuer's name, written as that annotation's value (it counts toward the 256 KiB). */
  readonly tlsIssuerName?: string;
  readonly egressCidrs?: unknown;
  readonly isDeclaredNotSecret: (value: EnvValue) => boolean;
}

/**
 * Runtime types (so no later validator crashes or misreads a plain-JS value) and YAML-safe strings,
 * for FastApiServiceProps: run before the construct's own validators.
 */
export function checkServiceTypes(props: Props): Check {
  const migration = props.migration as Props | undefined;
  const ingress = props.ingress as Props | undefined;
  const httpRoute = props.httpRoute as Props | undefined;
  const number = (name: string) => () => optional(props[name], () => checkNumber(name, props[name]));
  const string = (name: string) => () => optional(props[name], () => checkString(name, props[name]));
  const envValues = (prop: string, env: unknown) => optional(env, () => checkRecord(prop, env, (itemProp, value) =>
    // Only the type: a plain string here may be the secret itself.
    (value instanceof EnvValue ? undefined : `${itemProp} must be an EnvValue (EnvValue.fromValue, or`
      + ` ServiceEnv.fromSecret, fromConfigMap or fromField), got ${typeOf(value)}`)));
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
    () => envValues('env', props.env),
    () => optional(migration, () => checkRecord('migration', migration)),
    () => envValues('migration.env', migration?.env),
    () => optional(migration?.inheritEnv, () => checkBoolean('migration.inheritEnv', migration!.inheritEnv)),
    () => optional(migration?.hookAnnotations,
      () => checkBoolean('migration.hookAnnotations', migration!.hookAnnotations)),
    () => optional(ingress, () => checkRecord('ingress', ingress)),
    () => optional(ingress?.annotations, () => checkStringRecord('ingress.annotations', ingress!.annotations)),
    () => optional(httpRoute, () => checkRecord('httpRoute', httpRoute)),
    () => optional(httpRoute?.hostnames, () => checkStringArray('httpRoute.hostnames', httpRoute!.hostnames)),
    () => checkPodExtrasTypes(props),
    () => scanProps('', props),
  );
}

/** The apiserver/CRD rules, secrets by value and conflicts issue 11 adds, after the construct's own validators. */
export function checkServiceRules(view: ServicePropsView): Check {
  const { props } = view;
  const migration = props.migration as Props | undefined;
  const ingress = props.ingress as Props | undefined;
  const httpRoute = props.httpRoute as Props | undefined;
  const workloads: Workload[] = migration === undefined ? ['Deployment'] : ['Deployment', 'Job'];
  return firstOf(
    () => optional(props.namespace, () => checkNamespace('namespace', props.namespace)),
    () => checkArgv('extraArgs', props.extraArgs),
    () => checkArgv('command', props.command),
    () => checkExtraArgs('extraArgs', props.extraArgs),
    () => checkUvicornEnv('env', props.env),
    () => checkEnvMap('env', props.env, view.isDeclaredNotSecret),
    () => optional(props.labels, () => checkLabels('labels', props.labels)),
    () => firstOf(...Object.keys(props.labels ?? {}).map((key) => () => checkUserLabelKey('labels key', key,
      workloads))),
    () => optional(migration, () => firstOf(
      () => checkArgv('migration.command', migration!.command),
      () => checkEnvMap('migration.env', migration!.env, view.isDeclaredNotSecret),
    )),
    () => optional(ingress, () => firstOf(
      () => checkIngressHost('ingress.host', ingress!.host),
      // the 256 KiB are per object: the Ingress also carries the issuer annotation
      () => optional(ingress!.annotations, () => checkAnnotations('ingress.annotations', {
        ...(ingress!.annotations as object),
        ...(view.tlsIssuerAnnotation ? { [view.tlsIssuerAnnotation]: view.tlsIssuerName ?? '' } : {}),
      })),
      () => checkIssuerAnnotations('ingress.annotations', ingress!.annotations, view.tlsIssuerAnnotation),
    )),
    () => optional(httpRoute, () => firstOf(
      () => optional(httpRoute!.hostnames, () => checkArray('httpRoute.hostnames', httpRoute!.hostnames,
        checkHttpRouteHostname)),
      () => optional(httpRoute!.path, () => checkHttpRoutePath('httpRoute.path', httpRoute!.path)),
    )),
    () => optional(view.egressCidrs, () => checkArray('networkPolicy.allowEgressTo', view.egressCidrs, checkCidr)),
  );
}

/** The env of an init step (InitStep.run options), same rules as the service's. */
export function checkStepProps(prop: string, options: Props, isDeclaredNotSecret: (value: EnvValue) => boolean): Check {
  return firstOf(
    () => checkRecord(prop, options),
    () => checkArgv(`${prop}.command`, options.command),
    () => checkEnvMap(`${prop}.env`, options.env, isDeclaredNotSecret),
    () => optional(options.inheritEnv, () => checkBoolean(`${prop}.inheritEnv`, options.inheritEnv)),
  );
}
