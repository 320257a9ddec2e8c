/**
 * The options FastApiService and FastApiWorker share beyond the pod itself (pod and Service
 * annotations, placement, volumes, sidecars), in the order the constructs check them. Each
 * feature's checks live in its own file; this only composes them for the two constructs.
 */
import {
  checkPlacementRules, checkPlacementTypes, checkPodAnnotationRules, checkPodAnnotationTypes,
} from '../placement';
import { checkServiceOptionsRules, checkServiceOptionsTypes } from '../service-options';
import { SidecarNeighbours, checkSidecarRules, checkSidecarTypes } from '../sidecars';
import { checkVolumeRules, checkVolumeTypes } from '../volumes';
import { Check, Props, firstOf } from './props-common';

/** Runtime types (plain-JS callers) of the shared options, before the walk over every string. */
export function checkPodExtrasTypes(props: Props): Check {
  return firstOf(
    () => checkPodAnnotationTypes(props.podAnnotations),
    () => checkServiceOptionsTypes(props.service),
    () => checkPlacementTypes(props.placement),
    () => checkVolumeTypes(props.volumes),
    () => checkSidecarTypes(props.sidecars),
  );
}

export interface PodExtrasView extends SidecarNeighbours {
  readonly props: Props;
}

/** Apiserver rules, secrets by value and conflicts of the shared options, after their own validators. */
export function checkPodExtrasRules(view: PodExtrasView): Check {
  const { props } = view;
  return firstOf(
    () => checkPodAnnotationRules(props.podAnnotations, view.mainContainer),
    () => checkServiceOptionsRules(props.service),
    () => checkPlacementRules(props.placement),
    () => checkVolumeRules(props.volumes),
    () => checkSidecarRules(props.sidecars, view),
  );
}
