/**
 * The issue-14 props FastApiService and FastApiWorker share (placement and its affinity, pod and
 * Service annotations, volumes, sidecars): their runtime types before scanProps, then the
 * apiserver rules, secrets by value and conflicts after their own validators.
 */
import { checkEnvMap, checkEnvTypes } from '../env';
import { checkPlacementRules, checkPlacementTypes } from '../placement';
import { checkAnnotations, checkConfigMapKey } from './names';
import { Check, Props, checkArgv, checkOptionalBoolean, field, firstOf, optional } from './props-common';
import {
  checkArray, checkNumber, checkRecord, checkStringArray, checkStringRecord, isPlainObject, ownEntries,
} from './runtime-types';

/**
 * Runtime types of the issue-14 props shared by FastApiService and FastApiWorker, with the
 * fields of their option classes named (`placement.tolerations[0].key`), before scanProps.
 */
export function checkPodExtrasTypes(props: Props): Check {
  const service = props.service as Props | undefined;
  return firstOf(
    () => optional(props.podAnnotations, () => checkStringRecord('podAnnotations', props.podAnnotations)),
    () => optional(service, () => checkRecord('service', service)),
    () => optional(service?.annotations, () => checkStringRecord('service.annotations', service!.annotations)),
    () => checkPlacementTypes(props.placement),
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
  const service = props.service as Props | undefined;
  const sidecars = Array.isArray(props.sidecars) ? props.sidecars : [];
  const volumes = Array.isArray(props.volumes) ? props.volumes : [];
  return firstOf(
    // the 256 KiB are per object: the pod template also carries kubectl's default-container annotation
    () => checkAnnotations('podAnnotations', {
      ...(props.podAnnotations as object ?? {}), 'kubectl.kubernetes.io/default-container': view.mainContainer,
    }),
    () => optional(service?.annotations, () => checkAnnotations('service.annotations', service!.annotations)),
    () => checkPlacementRules(props.placement),
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
