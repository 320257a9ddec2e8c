/**
 * `placement.affinity` (cdk8s-plus-28's k8s.Affinity), checked strictly and recursively: every
 * object against its camelCase fields, every value's runtime type, and the apiserver's rules.
 *
 * Why strict: cdk8s-plus-28's toJson keeps only the fields it knows, so from plain JavaScript
 * `{ node_affinity: {...} }` would be written as `affinity: {}` and `{ matchLabels, match_labels }`
 * as a broader selector. From Python, jsii already drops unknown keys of a dict inside the term
 * lists before JavaScript sees it (verify/python/JSII_NOTES.md §2 (c)); what reaches us of such a
 * dict is an empty term, rejected below with a Python hint.
 *
 * K = k8s.io/kubernetes v1.28 pkg/apis/core/validation/validation.go
 * M = k8s.io/apimachinery v0.28 pkg/apis/meta/v1/validation/validation.go
 * L = k8s.io/apimachinery v0.28 pkg/labels/selector.go (the scheduler parses node selector terms
 *     with labels.NewRequirement: k8s.io/component-helpers scheduling/corev1/nodeaffinity)
 */
import { k8s } from 'cdk8s-plus-28';
import { KeysOf } from './_validate';
import {
  checkDns1123Subdomain, checkLabelValue, checkLabels, checkNamespace, checkQualifiedName,
} from './checks/names';
import { Check, firstOf, optional } from './checks/props-common';
import {
  checkArray, checkNumber, checkOneOf, checkString, isPlainObject, ownEntries, ownValue, typeOf,
} from './checks/runtime-types';
import { checkNoSecretValue } from './checks/secret-values';

// The fields of each type, as KeysOf so the compiler proves each list equals cdk8s-plus-28's type
// (k8s 1.28's PodAffinityTerm.matchLabelKeys/mismatchLabelKeys are alpha and not in the type).
const AFFINITY: KeysOf<k8s.Affinity> = { nodeAffinity: true, podAffinity: true, podAntiAffinity: true };
const NODE_AFFINITY: KeysOf<k8s.NodeAffinity> = {
  requiredDuringSchedulingIgnoredDuringExecution: true, preferredDuringSchedulingIgnoredDuringExecution: true,
};
const NODE_SELECTOR: KeysOf<k8s.NodeSelector> = { nodeSelectorTerms: true };
const NODE_SELECTOR_TERM: KeysOf<k8s.NodeSelectorTerm> = { matchExpressions: true, matchFields: true };
const NODE_SELECTOR_REQUIREMENT: KeysOf<k8s.NodeSelectorRequirement> = { key: true, operator: true, values: true };
const PREFERRED_SCHEDULING_TERM: KeysOf<k8s.PreferredSchedulingTerm> = { weight: true, preference: true };
const POD_AFFINITY: KeysOf<k8s.PodAffinity & k8s.PodAntiAffinity> = {
  requiredDuringSchedulingIgnoredDuringExecution: true, preferredDuringSchedulingIgnoredDuringExecution: true,
};
const WEIGHTED_POD_AFFINITY_TERM: KeysOf<k8s.WeightedPodAffinityTerm> = { weight: true, podAffinityTerm: true };
const POD_AFFINITY_TERM: KeysOf<k8s.PodAffinityTerm> = {
  labelSelector: true, namespaceSelector: true, namespaces: true, topologyKey: true,
};
const LABEL_SELECTOR: KeysOf<k8s.LabelSelector> = { matchLabels: true, matchExpressions: true };
const LABEL_SELECTOR_REQUIREMENT: KeysOf<k8s.LabelSelectorRequirement> = { key: true, operator: true, values: true };

// K ValidateNodeSelectorRequirement: In, NotIn, Exists, DoesNotExist, Gt, Lt
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
// K validateNodeFieldSelectorRequirement: In, NotIn; the only key is metadata.name (nodeFieldSelectorValidators)
const NODE_FIELD_OPERATORS = ['In', 'NotIn'];
const NODE_FIELD_KEYS = ['metadata.name'];
// M ValidateLabelSelectorRequirement: In, NotIn, Exists, DoesNotExist
const LABEL_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
// K validatePreferredSchedulingTerms, validateWeightedPodAffinityTerms: "must be in the range 1-100"
const WEIGHT = { integer: true, min: 1, max: 100 };
const INT64_MAX = 2n ** 63n - 1n;

/** 'must not be empty' for an affinity term that holds nothing, with the Python hint (jsii drops the keys). */
function emptyTerm(prop: string, what: string): string {
  return `${prop} must not be empty: ${what}; an empty term is what arrives when a Python dict inside`
    + ' k8s.Affinity uses snake_case keys (jsii drops them silently): use the k8s classes'
    + ' (k8s.NodeSelectorTerm(match_expressions=[...]), ...) or camelCase keys inside k8s.* structs';
}

const camelCase = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A plain object whose every key is a field of `type` (cdk8s-plus-28 would drop any other key). */
function checkFields(prop: string, value: unknown, type: string, fields: Record<string, true>): Check {
  if (!isPlainObject(value)) return `${prop} must be a ${type} (a plain object), got ${typeOf(value)}`;
  const allowed = Object.keys(fields);
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(fields, key)) continue;
    const meant = allowed.find((field) => field === camelCase(key) || field.toLowerCase() === key.toLowerCase());
    return `${prop}.${key} is not a field of ${type}, whose fields are ${allowed.join(', ')} (camelCase, as the`
      + ` Kubernetes API spells them; any other key would be dropped from the manifest)`
      + (meant ? `: write '${meant}'` : '');
  }
  return undefined;
}

const has = (value: unknown, key: string) => isPlainObject(value) && ownValue(value, key) !== undefined;
const get = (value: unknown, key: string) => (isPlainObject(value) ? ownValue(value, key) : undefined);

/** A list of structs: an array, each item checked by `item`. */
const listOf = (prop: string, value: unknown, item: (prop: string, value: unknown) => Check): Check =>
  optional(value, () => checkArray(prop, value, item));

/**
 * A selector value (a label value the scheduler or the apiserver matches against): a string, never a
 * secret (checked before any rule that would echo it), then `rule`.
 */
function checkValues(prop: string, values: unknown, rule: (prop: string, value: unknown) => Check): Check {
  return listOf(prop, values, (itemProp, value) =>
    checkString(itemProp, value) ?? checkNoSecretValue(itemProp, value) ?? rule(itemProp, value));
}

/** How many values an operator takes (K ValidateNodeSelectorRequirement, M ValidateLabelSelectorRequirement). */
function checkValueCount(prop: string, operator: string, values: unknown): Check {
  const count = Array.isArray(values) ? values.length : 0;
  if ((operator === 'In' || operator === 'NotIn') && count === 0) {
    return `${prop}.values must hold at least one value when operator is '${operator}', got none`;
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && count > 0) {
    return `${prop}.values must be left out when operator is '${operator}', got ${count} value(s)`;
  }
  if ((operator === 'Gt' || operator === 'Lt') && count !== 1) {
    return `${prop}.values must hold exactly one integer when operator is '${operator}', got ${count} value(s)`;
  }
  return undefined;
}

/** L NewRequirement: a Gt/Lt value is strconv.ParseInt(v, 10, 64); it is also a label value (no sign). */
function checkIntegerValue(prop: string, value: unknown): Check {
  const text = value as string;
  if (/^[0-9]+$/.test(text) && BigInt(text) <= INT64_MAX) return checkLabelValue(prop, text);
  return `${prop} must be a non-negative integer of at most ${INT64_MAX} when operator is 'Gt' or 'Lt', got '${text}'`;
}

/** K ValidateNodeSelectorRequirement (matchExpressions) or validateNodeFieldSelectorRequirement (matchFields). */
function checkNodeSelectorRequirement(prop: string, requirement: unknown, matchFields: boolean): Check {
  const bad = checkFields(prop, requirement, 'NodeSelectorRequirement', NODE_SELECTOR_REQUIREMENT);
  if (bad) return bad;
  const key = get(requirement, 'key');
  const operator = get(requirement, 'operator');
  const values = get(requirement, 'values');
  return firstOf(
    () => checkString(`${prop}.key`, key, { nonEmpty: true }),
    // K: matchExpressions keys are ValidateLabelName (IsQualifiedName); matchFields only metadata.name
    () => (matchFields ? checkOneOf(`${prop}.key`, key, NODE_FIELD_KEYS) : checkQualifiedName(`${prop}.key`, key)),
    () => checkOneOf(`${prop}.operator`, operator, matchFields ? NODE_FIELD_OPERATORS : NODE_OPERATORS),
    () => checkValues(`${prop}.values`, values, (valueProp, value) => (matchFields
      // K nodeFieldSelectorValidators: metadata.name is ValidateNodeName (a DNS-1123 subdomain)
      ? checkDns1123Subdomain(valueProp, value)
      : operator === 'Gt' || operator === 'Lt' ? checkIntegerValue(valueProp, value)
        // L NewRequirement: every value is a label value (validateLabelValue)
        : checkLabelValue(valueProp, value))),
    () => (matchFields && Array.isArray(values) && values.length !== 1
      ? `${prop}.values must hold exactly one node name for a matchFields requirement, got ${values.length} value(s)`
      : checkValueCount(prop, operator as string, values)),
  );
}

/** K ValidateNodeSelectorTerm; an empty term matches no node (required) or every node (preferred). */
function checkNodeSelectorTerm(prop: string, term: unknown): Check {
  return firstOf(
    () => checkFields(prop, term, 'NodeSelectorTerm', NODE_SELECTOR_TERM),
    () => listOf(`${prop}.matchExpressions`, get(term, 'matchExpressions'),
      (itemProp, item) => checkNodeSelectorRequirement(itemProp, item, false)),
    () => listOf(`${prop}.matchFields`, get(term, 'matchFields'),
      (itemProp, item) => checkNodeSelectorRequirement(itemProp, item, true)),
    () => (nonEmptyList(get(term, 'matchExpressions')) || nonEmptyList(get(term, 'matchFields')) ? undefined
      : emptyTerm(prop, 'a NodeSelectorTerm needs matchExpressions or matchFields (an empty one matches no node)')),
  );
}

const nonEmptyList = (value: unknown) => Array.isArray(value) && value.length > 0;
const nonEmptyObject = (value: unknown) => isPlainObject(value) && ownEntries(value).length > 0;

function checkNodeAffinity(prop: string, node: unknown): Check {
  const required = get(node, 'requiredDuringSchedulingIgnoredDuringExecution');
  const preferred = get(node, 'preferredDuringSchedulingIgnoredDuringExecution');
  const requiredProp = `${prop}.requiredDuringSchedulingIgnoredDuringExecution`;
  const termsProp = `${requiredProp}.nodeSelectorTerms`;
  const terms = get(required, 'nodeSelectorTerms');
  return firstOf(
    () => checkFields(prop, node, 'NodeAffinity', NODE_AFFINITY),
    () => optional(required, () => firstOf(
      () => checkFields(requiredProp, required, 'NodeSelector', NODE_SELECTOR),
      // K ValidateNodeSelector: "must have at least one node selector term"
      () => (terms === undefined || (Array.isArray(terms) && terms.length === 0)
        ? emptyTerm(termsProp, 'a required node affinity needs at least one NodeSelectorTerm')
        : checkArray(termsProp, terms, checkNodeSelectorTerm)),
    )),
    () => listOf(`${prop}.preferredDuringSchedulingIgnoredDuringExecution`, preferred, (termProp, term) => firstOf(
      () => checkFields(termProp, term, 'PreferredSchedulingTerm', PREFERRED_SCHEDULING_TERM),
      () => checkNumber(`${termProp}.weight`, get(term, 'weight'), WEIGHT),
      () => (nonEmptyObject(get(term, 'preference'))
        ? checkNodeSelectorTerm(`${termProp}.preference`, get(term, 'preference'))
        : emptyTerm(`${termProp}.preference`, 'an empty preference matches every node')),
    )),
  );
}

/** M ValidateLabelSelector, with AllowInvalidLabelValueInSelector false (new objects). */
function checkLabelSelector(prop: string, selector: unknown): Check {
  const matchLabels = get(selector, 'matchLabels');
  return firstOf(
    () => checkFields(prop, selector, 'LabelSelector', LABEL_SELECTOR),
    // secrets first: checkLabels echoes a value it refuses
    () => optional(matchLabels, () => (isPlainObject(matchLabels) ? firstOf(...ownEntries(matchLabels).map(
      ([key, value]) => () => checkNoSecretValue(`${prop}.matchLabels['${key}']`, value))) : undefined)),
    // M ValidateLabels: IsQualifiedName keys, IsValidLabelValue values
    () => optional(matchLabels, () => checkLabels(`${prop}.matchLabels`, matchLabels)),
    () => listOf(`${prop}.matchExpressions`, get(selector, 'matchExpressions'), (itemProp, requirement) => {
      const operator = get(requirement, 'operator');
      return firstOf(
        () => checkFields(itemProp, requirement, 'LabelSelectorRequirement', LABEL_SELECTOR_REQUIREMENT),
        // M ValidateLabelSelectorRequirement: ValidateLabelName(key), the operator, IsValidLabelValue(values)
        () => checkString(`${itemProp}.key`, get(requirement, 'key'), { nonEmpty: true })
          ?? checkQualifiedName(`${itemProp}.key`, get(requirement, 'key')),
        () => checkOneOf(`${itemProp}.operator`, operator, LABEL_OPERATORS),
        () => checkValues(`${itemProp}.values`, get(requirement, 'values'), checkLabelValue),
        () => checkValueCount(itemProp, operator as string, get(requirement, 'values')),
      );
    }),
  );
}

/** K validatePodAffinityTerm and ValidatePodAffinityTermSelector. */
function checkPodAffinityTerm(prop: string, term: unknown): Check {
  if (isPlainObject(term) && !nonEmptyObject(term)) {
    return emptyTerm(prop, 'a PodAffinityTerm needs a labelSelector and a topologyKey');
  }
  const topologyKey = get(term, 'topologyKey');
  const namespaceSelector = get(term, 'namespaceSelector');
  return firstOf(
    () => checkFields(prop, term, 'PodAffinityTerm', POD_AFFINITY_TERM),
    // K: topologyKey "can not be empty", then ValidateLabelName
    () => (topologyKey === undefined || topologyKey === ''
      ? emptyTerm(`${prop}.topologyKey`, 'a PodAffinityTerm needs a topologyKey')
      : checkString(`${prop}.topologyKey`, topologyKey) ?? checkQualifiedName(`${prop}.topologyKey`, topologyKey)),
    // a missing labelSelector selects no pod (K: "If it's null, this PodAffinityTerm matches with no Pods")
    () => (nonEmptyObject(get(term, 'labelSelector'))
      ? checkLabelSelector(`${prop}.labelSelector`, get(term, 'labelSelector'))
      : emptyTerm(`${prop}.labelSelector`, 'a PodAffinityTerm without a labelSelector selects no pod')),
    // an empty namespaceSelector ({}) is meaningful: every namespace
    () => optional(namespaceSelector, () => checkLabelSelector(`${prop}.namespaceSelector`, namespaceSelector)),
    // K: each namespace is ValidateNamespaceName (a DNS-1123 label)
    () => listOf(`${prop}.namespaces`, get(term, 'namespaces'), checkNamespace),
  );
}

function checkPodAffinity(prop: string, pods: unknown, type: string): Check {
  return firstOf(
    () => checkFields(prop, pods, type, POD_AFFINITY),
    () => listOf(`${prop}.requiredDuringSchedulingIgnoredDuringExecution`,
      get(pods, 'requiredDuringSchedulingIgnoredDuringExecution'), checkPodAffinityTerm),
    () => listOf(`${prop}.preferredDuringSchedulingIgnoredDuringExecution`,
      get(pods, 'preferredDuringSchedulingIgnoredDuringExecution'), (termProp, term) => firstOf(
        () => checkFields(termProp, term, 'WeightedPodAffinityTerm', WEIGHTED_POD_AFFINITY_TERM),
        () => checkNumber(`${termProp}.weight`, get(term, 'weight'), WEIGHT),
        () => checkPodAffinityTerm(`${termProp}.podAffinityTerm`, get(term, 'podAffinityTerm')),
      )),
  );
}

/**
 * `placement.affinity` (cdk8s-plus-28's k8s.Affinity), K validateAffinity: only the fields of each
 * type, the runtime types, weights, operators and their values, label keys and values, topology
 * keys and namespaces as the apiserver (and the scheduler's parser) check them, and no empty term.
 */
export function checkAffinity(prop: string, affinity: unknown): Check {
  return firstOf(
    () => checkFields(prop, affinity, 'Affinity', AFFINITY),
    () => (has(affinity, 'nodeAffinity') ? checkNodeAffinity(`${prop}.nodeAffinity`, get(affinity, 'nodeAffinity'))
      : undefined),
    () => (has(affinity, 'podAffinity')
      ? checkPodAffinity(`${prop}.podAffinity`, get(affinity, 'podAffinity'), 'PodAffinity') : undefined),
    () => (has(affinity, 'podAntiAffinity')
      ? checkPodAffinity(`${prop}.podAntiAffinity`, get(affinity, 'podAntiAffinity'), 'PodAntiAffinity') : undefined),
  );
}
