/**
 * The issue-14 props FastApiService and FastApiWorker share (placement and its affinity, pod and
 * Service annotations, volumes, sidecars): their runtime types before scanProps, then the
 * apiserver rules, secrets by value and conflicts after their own validators.
 */
import { checkEnvMap, checkEnvTypes } from '../env';
import { checkAnnotations, checkConfigMapKey, checkLabels } from './names';
import { Check, Props, checkArgv, checkOptionalBoolean, field, firstOf, optional } from './props-common';
import {
  checkArray, checkNumber, checkRecord, checkString, checkStringArray, checkStringRecord, isPlainObject, ownEntries,
} from './runtime-types';
import { checkYamlString } from './yaml-safe';


/**
 * Runtime types of the issue-14 props shared by FastApiService and FastApiWorker, with the
 * fields of their option classes named (`placement.tolerations[0].key`), before scanProps.
 */
export function checkPodExtrasTypes(props: Props): Check {
  const placement = props.placement as Props | undefined;
  const service = props.service as Props | undefined;
  return firstOf(
    () => optional(props.podAnnotations, () => checkStringRecord('podAnnotations', props.podAnnotations)),
    () => optional(service, () => checkRecord('service', service)),
    () => optional(service?.annotations, () => checkStringRecord('service.annotations', service!.annotations)),
    () => optional(placement, () => checkRecord('placement', placement)),
    () => optional(placement?.nodeSelector,
      () => checkStringRecord('placement.nodeSelector', placement!.nodeSelector)),
    () => optional(placement?.priorityClassName,
      () => checkString('placement.priorityClassName', placement!.priorityClassName)),
    () => optional(placement?.tolerations, () => checkArray('placement.tolerations', placement!.tolerations,
      (prop, toleration) => firstOf(
        // the type and YAML safety here; placement.ts checks the key as a qualified name (K core
        // validateTolerations: IsQualifiedName) and an Equal toleration's value as a label value
        () => optional(field(toleration, '_key'), () => checkString(`${prop}.key`, field(toleration, '_key'))
          ?? checkYamlString(`${prop}.key`, field(toleration, '_key') as string)),
        () => optional(field(toleration, '_value'), () => checkString(`${prop}.value`, field(toleration, '_value'))
          ?? checkYamlString(`${prop}.value`, field(toleration, '_value') as string)),
      ))),
    () => optional(placement?.affinity, () => checkAffinity('placement.affinity', placement!.affinity)),
    () => optional(props.volumes, () => checkArray('volumes', props.volumes, (prop, volume) => {
      const options = field(volume, '_options');
      return firstOf(
        () => optional(field(options, 'items'), () => checkStringRecord(`${prop}.items`, field(options, 'items'))),
        () => checkOptionalBoolean(`${prop}.optional`, field(options, 'optional')),
        () => optional(field(options, 'mode'), () => checkNumber(`${prop}.mode`, field(options, 'mode'))),
      );
    })),
    () => optional(props.sidecars, () => checkArray('sidecars', props.sidecars, (prop, sidecar) => {
      const options = field(sidecar, '_options');
      return firstOf(
        () => optional(field(options, 'command'),
          () => checkStringArray(`${prop}.command`, field(options, 'command'))),
        () => optional(field(options, 'args'), () => checkStringArray(`${prop}.args`, field(options, 'args'))),
        () => checkEnvTypes(`${prop}.env`, field(options, 'env')),
        () => optional(field(options, 'volumeMounts'),
          () => checkStringArray(`${prop}.volumeMounts`, field(options, 'volumeMounts'))),
      );
    })),
  );
}

export interface PodExtrasView {
  readonly props: Props;
  /** The first container's name ('app' or 'worker'): the default-container annotation's value, a taken name. */
  readonly mainContainer: string;
  /** Names of init containers (they share the pod's container name space). */
  readonly initContainers: readonly string[];
  /** The main container's port, which a sidecar cannot also listen on (one network namespace per pod). */
  readonly mainPort?: number;
}

/** Apiserver rules, secrets by value and conflicts of the pod extras, after their own validators. */
export function checkPodExtrasRules(view: PodExtrasView): Check {
  const { props } = view;
  const placement = props.placement as Props | undefined;
  const service = props.service as Props | undefined;
  const sidecars = Array.isArray(props.sidecars) ? props.sidecars : [];
  const volumes = Array.isArray(props.volumes) ? props.volumes : [];
  return firstOf(
    // the 256 KiB are per object: the pod template also carries kubectl's default-container annotation
    () => checkAnnotations('podAnnotations', {
      ...(props.podAnnotations as object ?? {}), 'kubectl.kubernetes.io/default-container': view.mainContainer,
    }),
    () => optional(service?.annotations, () => checkAnnotations('service.annotations', service!.annotations)),
    () => optional(placement?.nodeSelector, () => checkLabels('placement.nodeSelector', placement!.nodeSelector)),
    ...volumes.map((volume, i) => () => {
      const items = field(field(volume, '_options'), 'items');
      if (!isPlainObject(items)) return undefined;
      return firstOf(...ownEntries(items).map(([key, path]) => () => firstOf(
        // K core validateKeyToPath: the key names a Secret or ConfigMap key (A IsConfigMapKey), the path
        // is ValidateLocalNonReservedPath: relative, no '..' element, and not starting with '..'
        // (the kubelet's atomic writer keeps its '..data' links there)
        () => checkConfigMapKey(`volumes[${i}].items key`, key),
        () => (typeof path === 'string' && path.startsWith('..')
          ? `volumes[${i}].items['${key}'] must be a relative file path not starting with '..' (the kubelet`
            + ` keeps its own '..data' files there), got '${path}'` : undefined),
      )));
    }),
    ...sidecars.map((sidecar, i) => () => {
      const options = field(sidecar, '_options');
      const name = field(options, 'name');
      const port = field(field(options, 'health'), 'port');
      return firstOf(
        () => checkArgv(`sidecars[${i}].command`, field(options, 'command')),
        () => checkArgv(`sidecars[${i}].args`, field(options, 'args')),
        () => checkEnvMap(`sidecars[${i}].env`, field(options, 'env')),
        // K core validateContainers/validateInitContainers: names are unique across all containers of a pod
        () => (name === view.mainContainer || view.initContainers.includes(name as string)
          ? `sidecars[${i}].name must be unique among the pod's containers (${name === view.mainContainer
            ? 'the main container is' : 'an init container is'} named so), got '${name as string}'` : undefined),
        () => (port !== undefined && port === view.mainPort
          ? `sidecars[${i}].health.port must differ from the ${view.mainContainer} container's port (the containers`
            + ` of a pod share one network namespace), got ${port as number}` : undefined),
      );
    }),
  );
}

/** 'must not be empty' for an affinity term that holds nothing, with the Python hint (jsii drops the keys). */
function emptyTerm(prop: string, what: string): string {
  return `${prop} must not be empty: ${what}; an empty term is what arrives when a Python dict inside`
    + ' k8s.Affinity uses snake_case keys (jsii drops them silently): use the k8s classes'
    + ' (k8s.NodeSelectorTerm(match_expressions=[...]), ...) or camelCase keys inside k8s.* structs';
}

const hasItems = (value: unknown) => Array.isArray(value) && value.length > 0;
const nonEmptyObject = (value: unknown) => value !== null && typeof value === 'object' && ownEntries(value).length > 0;

function checkNodeSelectorTerm(prop: string, term: unknown): Check {
  if (hasItems(field(term, 'matchExpressions')) || hasItems(field(term, 'matchFields'))) return undefined;
  return emptyTerm(prop, 'a NodeSelectorTerm needs matchExpressions or matchFields (an empty one matches no node)');
}

function checkPodAffinityTerm(prop: string, term: unknown): Check {
  if (!nonEmptyObject(term)) return emptyTerm(prop, 'a PodAffinityTerm needs a labelSelector and a topologyKey');
  // K core validatePodAffinityTerm: topologyKey "can not be empty"; a missing labelSelector selects no pod
  if (typeof field(term, 'topologyKey') !== 'string' || field(term, 'topologyKey') === '') {
    return emptyTerm(`${prop}.topologyKey`, 'a PodAffinityTerm needs a topologyKey');
  }
  if (!nonEmptyObject(field(term, 'labelSelector'))) {
    return emptyTerm(`${prop}.labelSelector`, 'a PodAffinityTerm without a labelSelector selects no pod');
  }
  return undefined;
}

/**
 * `placement.affinity` (cdk8s-plus-28's k8s.Affinity): no empty term. An empty NodeSelectorTerm or
 * PodAffinityTerm matches nothing, an empty preference everything; neither is what anyone writes,
 * and both are what a Python caller gets from a snake_case dict inside the term lists.
 */
export function checkAffinity(prop: string, affinity: unknown): Check {
  const bad = checkRecord(prop, affinity);
  if (bad) return bad;
  const node = field(affinity, 'nodeAffinity');
  const required = field(node, 'requiredDuringSchedulingIgnoredDuringExecution');
  const nodeProp = `${prop}.nodeAffinity`;
  const checks: Array<() => Check> = [];
  if (required !== undefined) {
    const terms = field(required, 'nodeSelectorTerms');
    const termsProp = `${nodeProp}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    checks.push(() => (hasItems(terms) ? checkArray(termsProp, terms, checkNodeSelectorTerm)
      : emptyTerm(termsProp, 'a required node affinity needs at least one NodeSelectorTerm')));
  }
  const preferred = field(node, 'preferredDuringSchedulingIgnoredDuringExecution');
  if (preferred !== undefined) {
    checks.push(() => checkArray(`${nodeProp}.preferredDuringSchedulingIgnoredDuringExecution`, preferred,
      (termProp, term) => (nonEmptyObject(field(term, 'preference'))
        ? checkNodeSelectorTerm(`${termProp}.preference`, field(term, 'preference'))
        : emptyTerm(`${termProp}.preference`, 'an empty preference matches every node'))));
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pods = field(affinity, kind);
    const podProp = `${prop}.${kind}`;
    const requiredTerms = field(pods, 'requiredDuringSchedulingIgnoredDuringExecution');
    if (requiredTerms !== undefined) {
      checks.push(() => checkArray(`${podProp}.requiredDuringSchedulingIgnoredDuringExecution`, requiredTerms,
        checkPodAffinityTerm));
    }
    const preferredTerms = field(pods, 'preferredDuringSchedulingIgnoredDuringExecution');
    if (preferredTerms !== undefined) {
      checks.push(() => checkArray(`${podProp}.preferredDuringSchedulingIgnoredDuringExecution`, preferredTerms,
        (termProp, term) => checkPodAffinityTerm(`${termProp}.podAffinityTerm`, field(term, 'podAffinityTerm'))));
    }
  }
  return firstOf(...checks);
}
