import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { reject } from './errors';
import { Component, ServiceIdentity, selectorLabels } from './_labels';
import { checkAffinity } from './placement-affinity';
import { checkAnnotations, checkLabels as checkLabelRules } from './checks/names';
import { Check, Props, field, firstOf, optional } from './checks/props-common';
import { checkArray, checkRecord, checkString, checkStringRecord, ownEntries } from './checks/runtime-types';
import { checkNoSecretValue } from './checks/secret-values';
import { checkYamlString } from './checks/yaml-safe';
import {
  KeysOf, Range, annotations, dns1123Subdomain, instanceOf, knownKeys, labelKey, labelValue, labels as checkLabels,
  wholeSeconds,
} from './_validate';

/**
 * Where the pods run (node selector, tolerations, priority, affinity) and the pod annotations.
 * Shared by FastApiService and FastApiWorker.
 */

/** A taint effect, as `kubectl taint` writes it. */
export enum TaintEffect {
  /** New pods are not scheduled onto the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler tries to avoid the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods are evicted too, after `tolerationSeconds` if the toleration sets it. */
  NO_EXECUTE = 'NoExecute',
}

/** Options of `Toleration.equal` and `Toleration.exists`. */
export interface TolerationOptions {
  /**
   * The taint effect tolerated.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
  /**
   * How long a pod stays on a node after a NoExecute taint appears. Only with `TaintEffect.NO_EXECUTE`
   * (the apiserver rejects it otherwise).
   * @default - forever
   */
  readonly tolerationSeconds?: Duration;
}

/**
 * A toleration: `Toleration.equal('dedicated', 'api', {...})` tolerates the taint
 * `dedicated=api`; `Toleration.exists('gpu')` any taint with the key `gpu`. A class rather than a
 * struct list, so a Python typo is an error instead of a silently dropped key.
 */
export class Toleration {
  /** Tolerates taints with this key and value (operator Equal). */
  public static equal(key: string, value: string, options: TolerationOptions = {}): Toleration {
    return new Toleration('Equal', key, value, options);
  }

  /** Tolerates taints with this key and any value (operator Exists). */
  public static exists(key: string, options: TolerationOptions = {}): Toleration {
    return new Toleration('Exists', key, undefined, options);
  }

  private constructor(
    /** @internal */ public readonly _operator: 'Equal' | 'Exists',
    /** @internal */ public readonly _key: string,
    /** @internal */ public readonly _value: string | undefined,
    /** @internal */ public readonly _options: TolerationOptions,
  ) {}
}

/** Where the pods are scheduled. */
export interface PlacementOptions {
  /**
   * Node labels a node must have, e.g. `{ 'cloud.google.com/gke-nodepool': 'api' }`.
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Taints the pods tolerate: `Toleration.equal(...)` or `Toleration.exists(...)`.
   * @default - none
   */
  readonly tolerations?: Toleration[];
  /**
   * A PriorityClass name, e.g. 'high-priority', so the pods preempt less important ones.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Replaces the default affinity (a preferred anti-affinity: one replica per node). The
   * topology spread over nodes and zones stays. Give a `k8s.Affinity` object, written as in a
   * manifest (camelCase keys). It is checked as the apiserver checks it: only each type's
   * camelCase fields, weights 1-100, the operators and their values, label keys and values.
   *
   * Typed `any`, not `k8s.Affinity`, on purpose: for a struct type, jsii's kernel keeps only the
   * known camelCase keys of a Python dict inside the term lists and drops the others before the
   * library runs, so a misspelt key would silently widen a term. As `any`, every key arrives and a
   * wrong one is an error. In TypeScript, keep the compiler's help with
   * `affinity: { ... } satisfies k8s.Affinity`; in Python, pass a dict with camelCase keys or the
   * `k8s.Affinity` classes.
   * @default - preferred pod anti-affinity on kubernetes.io/hostname
   */
  readonly affinity?: any;
}

const PLACEMENT_KEYS: KeysOf<PlacementOptions> = {
  nodeSelector: true, tolerations: true, priorityClassName: true, affinity: true,
};
const TOLERATION_KEYS: KeysOf<TolerationOptions> = { effect: true, tolerationSeconds: true };
/** The apiserver allows any int64; an eviction delay beyond a day is a mistake. */
const TOLERATION_SECONDS: Range = { min: 0, max: 86400 };

/** Placement, validated, as pod spec fields. */
export interface ResolvedPlacement {
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: k8s.Toleration[];
  readonly priorityClassName?: string;
  readonly affinity?: k8s.Affinity;
}

function resolveToleration(prop: string, given: Toleration): k8s.Toleration {
  const toleration = instanceOf(prop, given, Toleration, 'a Toleration (Toleration.equal or Toleration.exists)');
  if (typeof toleration._key !== 'string' || toleration._key === '') {
    reject(`${prop}.key`, toleration._key, 'a non-empty taint key');
  }
  labelKey(`${prop}.key`, toleration._key);
  if (toleration._value !== undefined) labelValue(`${prop}.value`, toleration._value);
  knownKeys(prop, toleration._options, TOLERATION_KEYS);
  const { effect, tolerationSeconds } = toleration._options;
  if (effect !== undefined && !Object.values(TaintEffect).includes(effect)) {
    reject(`${prop}.effect`, effect, `one of ${Object.values(TaintEffect).join(', ')}`);
  }
  if (tolerationSeconds !== undefined && effect !== TaintEffect.NO_EXECUTE) {
    reject(`${prop}.tolerationSeconds`, tolerationSeconds.toSeconds?.(),
      'left out unless effect is TaintEffect.NO_EXECUTE (the apiserver ignores it for other effects)');
  }
  const seconds = tolerationSeconds === undefined ? undefined
    : wholeSeconds(`${prop}.tolerationSeconds`, tolerationSeconds, 0, TOLERATION_SECONDS);
  return {
    key: toleration._key,
    operator: toleration._operator,
    value: toleration._value,
    effect,
    tolerationSeconds: seconds,
  };
}

export function resolvePlacement(given: PlacementOptions | undefined): ResolvedPlacement {
  if (given === undefined) return {};
  knownKeys('placement', given, PLACEMENT_KEYS);
  checkLabels('placement.nodeSelector', given.nodeSelector);
  if (given.tolerations !== undefined && !Array.isArray(given.tolerations)) {
    reject('placement.tolerations', given.tolerations, 'a list of Tolerations');
  }
  const tolerations = given.tolerations?.map((toleration, i) =>
    resolveToleration(`placement.tolerations[${i}]`, toleration));
  dns1123Subdomain('placement.priorityClassName', given.priorityClassName);
  if (given.affinity !== undefined && (typeof given.affinity !== 'object' || given.affinity === null)) {
    reject('placement.affinity', given.affinity, 'a k8s.Affinity object');
  }
  return {
    nodeSelector: given.nodeSelector && Object.keys(given.nodeSelector).length ? { ...given.nodeSelector } : undefined,
    tolerations: tolerations?.length ? tolerations : undefined,
    priorityClassName: given.priorityClassName,
    affinity: given.affinity,
  };
}

/** Pod annotations: label-style keys; the construct's own default-container annotation is reserved. */
export function resolvePodAnnotations(given: Record<string, string> | undefined): Record<string, string> {
  const checked = annotations('podAnnotations', given);
  if ('kubectl.kubernetes.io/default-container' in checked) {
    reject('podAnnotations key', 'kubectl.kubernetes.io/default-container', 'not set (the construct sets it)');
  }
  return checked;
}

/** A string a user passes as a literal, typed, YAML-safe and no secret (before a rule that would echo it). */
const literal = (prop: string, value: unknown): Check => optional(value, () => checkString(prop, value)
  ?? checkYamlString(prop, value as string) ?? checkNoSecretValue(prop, value));

/**
 * Runtime types of `placement` (the fields of the Toleration classes named, `placement.tolerations[0].key`),
 * secrets by value in the node selector and the tolerations, and the whole of `placement.affinity`:
 * before scanProps and before resolvePlacement, whose label checks echo the value they refuse.
 */
export function checkPlacementTypes(placement: unknown): Check {
  if (placement === undefined) return undefined;
  const given = placement as Props;
  return firstOf(
    () => checkRecord('placement', placement),
    () => optional(given.nodeSelector, () => checkStringRecord('placement.nodeSelector', given.nodeSelector)
      ?? firstOf(...ownEntries(given.nodeSelector as object).map(([key, value]) => () =>
        checkNoSecretValue(`placement.nodeSelector['${key}']`, value)))),
    () => optional(given.priorityClassName,
      () => checkString('placement.priorityClassName', given.priorityClassName)),
    // the type, YAML safety and secrets here; resolveToleration checks the key as a qualified name
    // (K core validateTolerations: IsQualifiedName) and an Equal toleration's value as a label value
    () => optional(given.tolerations, () => checkArray('placement.tolerations', given.tolerations,
      (prop, toleration) => firstOf(
        () => literal(`${prop}.key`, field(toleration, '_key')),
        () => literal(`${prop}.value`, field(toleration, '_value')),
      ))),
    () => optional(given.affinity, () => checkAffinity('placement.affinity', given.affinity)),
  );
}

/** The node selector's apiserver rules (A IsQualifiedName keys, IsValidLabelValue values), after resolvePlacement. */
export function checkPlacementRules(placement: unknown): Check {
  const nodeSelector = field(placement, 'nodeSelector');
  return optional(nodeSelector, () => checkLabelRules('placement.nodeSelector', nodeSelector));
}

/** Runtime type of `podAnnotations` (plain-JS callers), before the walk over every string. */
export function checkPodAnnotationTypes(podAnnotations: unknown): Check {
  return optional(podAnnotations, () => checkStringRecord('podAnnotations', podAnnotations));
}

/**
 * The apiserver's 256 KiB limit on the pod template's annotations, which also carry kubectl's
 * default-container annotation naming the first container.
 */
export function checkPodAnnotationRules(podAnnotations: unknown, mainContainer: string): Check {
  return checkAnnotations('podAnnotations', {
    ...(podAnnotations as object ?? {}), 'kubectl.kubernetes.io/default-container': mainContainer,
  });
}

/** The default placement of long-running pods: spread across nodes and zones, a node per replica preferred. */
export function spreadAcrossNodes(
  identity: ServiceIdentity, component: Component,
): Pick<k8s.PodSpec, 'affinity' | 'topologySpreadConstraints'> {
  const selector = { matchLabels: selectorLabels(identity, component) };
  // Spread replicas across nodes and zones; ScheduleAnyway keeps a small cluster schedulable, and
  // pod-template-hash makes the spread count only the current ReplicaSet during a rollout.
  const spread = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: selector,
    matchLabelKeys: ['pod-template-hash'],
  }));
  return {
    // Prefer a node per replica, so one node failure never takes out the whole service.
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' },
        }],
      },
    },
    topologySpreadConstraints: spread,
  };
}
