import { Chart, Testing } from 'cdk8s';
import { FastApiWorker, Toleration, WorkerLiveness } from '../lib';
import { IMAGE, oneOf, synthService } from './util';

// placement.affinity is cdk8s-plus-28's k8s.Affinity: every level is checked against its
// camelCase fields and the apiserver's rules (lib/placement-affinity.ts); what is accepted is
// written exactly as given.

const affinityOf = (affinity: object) =>
  oneOf(synthService({ image: IMAGE, placement: { affinity } }), 'Deployment').spec.template.spec.affinity;
const errorOf = (affinity: object): string => {
  try {
    synthService({ image: IMAGE, placement: { affinity } });
  } catch (error) {
    return (error as Error).message;
  }
  return 'NO ERROR';
};

const inPool = { key: 'pool', operator: 'In', values: ['api'] };
const app = { matchLabels: { app: 'api' } };
const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREFERRED = 'preferredDuringSchedulingIgnoredDuringExecution';
const nodeRequired = (term: object) => ({ nodeAffinity: { [REQUIRED]: { nodeSelectorTerms: [term] } } });
const nodePreferred = (term: object) => ({ nodeAffinity: { [PREFERRED]: [term] } });
const antiRequired = (term: object) => ({ podAntiAffinity: { [REQUIRED]: [term] } });
const antiPreferred = (term: object) => ({ podAntiAffinity: { [PREFERRED]: [term] } });
const podTerm = (extra: object = {}) => ({ topologyKey: 'topology.kubernetes.io/zone', labelSelector: app, ...extra });
const selector = (labelSelector: object) => antiRequired({ topologyKey: 'kubernetes.io/hostname', labelSelector });

const A = 'test/api: placement.affinity';
const NODE_REQ = `${A}.nodeAffinity.${REQUIRED}.nodeSelectorTerms[0]`;
const NODE_PREF = `${A}.nodeAffinity.${PREFERRED}[0]`;
const ANTI_REQ = `${A}.podAntiAffinity.${REQUIRED}[0]`;
const ANTI_PREF = `${A}.podAntiAffinity.${PREFERRED}[0]`;
const CAMEL = '(camelCase, as the Kubernetes API spells them; any other key would be dropped from the manifest)';

describe('placement.affinity: only the fields of each k8s type', () => {
  test.each<[string, object, string]>([
    ['a snake_case Affinity key (JS writes affinity: {})',
      { node_affinity: nodeRequired({ matchExpressions: [inPool] }) },
      `${A}.node_affinity is not a field of Affinity, whose fields are nodeAffinity, podAffinity, podAntiAffinity`
      + ` ${CAMEL}: write 'nodeAffinity'`],
    ['an unknown NodeAffinity key', { nodeAffinity: { bogus: 1 } },
      `${A}.nodeAffinity.bogus is not a field of NodeAffinity, whose fields are ${REQUIRED}, ${PREFERRED} ${CAMEL}`],
    ['a snake_case NodeSelector key',
      { nodeAffinity: { [REQUIRED]: { node_selector_terms: [{ matchExpressions: [inPool] }] } } },
      `${A}.nodeAffinity.${REQUIRED}.node_selector_terms is not a field of NodeSelector, whose fields are`
      + ` nodeSelectorTerms ${CAMEL}: write 'nodeSelectorTerms'`],
    ['matchFields in snake_case beside matchExpressions (the Python mixed dict)',
      nodePreferred({ weight: 10, preference: { matchExpressions: [inPool],
        match_fields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] } }),
      `${NODE_PREF}.preference.match_fields is not a field of NodeSelectorTerm, whose fields are matchExpressions,`
      + ` matchFields ${CAMEL}: write 'matchFields'`],
    ['a NodeSelectorRequirement with value instead of values', nodeRequired({ matchExpressions: [{ key: 'pool',
      operator: 'In', value: 'api' }] }),
    `${NODE_REQ}.matchExpressions[0].value is not a field of NodeSelectorRequirement, whose fields are key, operator,`
      + ` values ${CAMEL}`],
    ['a PreferredSchedulingTerm typo', nodePreferred({ weight: 10, preferences: { matchExpressions: [inPool] } }),
      `${NODE_PREF}.preferences is not a field of PreferredSchedulingTerm, whose fields are weight, preference`],
    ['a wrong-case PodAffinity key', { podAffinity: { RequiredDuringSchedulingIgnoredDuringExecution: [podTerm()] } },
      `${A}.podAffinity.RequiredDuringSchedulingIgnoredDuringExecution is not a field of PodAffinity, whose fields`
      + ` are ${REQUIRED}, ${PREFERRED} ${CAMEL}: write '${REQUIRED}'`],
    ['a snake_case WeightedPodAffinityTerm key', antiPreferred({ weight: 10, pod_affinity_term: podTerm() }),
      `${ANTI_PREF}.pod_affinity_term is not a field of WeightedPodAffinityTerm, whose fields are weight,`
      + ` podAffinityTerm ${CAMEL}: write 'podAffinityTerm'`],
    ['a PodAffinityTerm typo (namespace)', antiRequired(podTerm({ namespace: ['shop'] })),
      `${ANTI_REQ}.namespace is not a field of PodAffinityTerm, whose fields are labelSelector, namespaceSelector,`
      + ` namespaces, topologyKey ${CAMEL}`],
    ['matchLabelKeys (alpha in 1.28, not in cdk8s-plus-28\'s type)', antiRequired(podTerm({ matchLabelKeys: ['x'] })),
      `${ANTI_REQ}.matchLabelKeys is not a field of PodAffinityTerm`],
    ['match_labels in snake_case beside matchExpressions (the Python mixed dict)', antiRequired({
      topologyKey: 'topology.kubernetes.io/zone',
      labelSelector: { match_labels: { app: 'api' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
    }), `${ANTI_REQ}.labelSelector.match_labels is not a field of LabelSelector, whose fields are matchLabels,`
      + ` matchExpressions ${CAMEL}: write 'matchLabels'`],
    ['a LabelSelectorRequirement typo',
      selector({ matchExpressions: [{ key: 'tier', operator: 'In', valuse: ['web'] }] }),
      `${ANTI_REQ}.labelSelector.matchExpressions[0].valuse is not a field of LabelSelectorRequirement`],
  ])('%s is rejected naming the full prop path', (_, affinity, message) => {
    expect(errorOf(affinity)).toContain(message);
  });

  test('every field of every type is accepted and written exactly as given', () => {
    const affinity = {
      nodeAffinity: {
        [REQUIRED]: { nodeSelectorTerms: [
          { matchExpressions: [inPool, { key: 'spot', operator: 'DoesNotExist' }, { key: 'cores', operator: 'Gt',
            values: ['3'] }], matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] },
        ] },
        [PREFERRED]: [
          { weight: 1, preference: { matchExpressions: [{ key: 'arch', operator: 'NotIn', values: ['386'] }] } },
          { weight: 100, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } }],
      },
      podAffinity: { [REQUIRED]: [{ topologyKey: 'kubernetes.io/hostname', namespaces: ['cache'], namespaceSelector: {},
        labelSelector: { matchLabels: { app: 'redis' }, matchExpressions: [{ key: 'role', operator: 'NotIn',
          values: ['replica'] }, { key: 'legacy', operator: 'DoesNotExist' }] } }] },
      podAntiAffinity: { [PREFERRED]: [{ weight: 50, podAffinityTerm: podTerm({
        namespaceSelector: { matchLabels: { team: 'shop' } } }) }] },
    };
    expect(affinityOf(affinity)).toEqual(affinity);
  });
});

describe('placement.affinity: the apiserver\'s rules', () => {
  test.each<[string, object, string]>([
    ['weight 0', nodePreferred({ weight: 0, preference: { matchExpressions: [inPool] } }),
      `${NODE_PREF}.weight must be an integer between 1 and 100, got 0`],
    ['weight 500', antiPreferred({ weight: 500, podAffinityTerm: podTerm() }),
      `${ANTI_PREF}.weight must be an integer between 1 and 100, got 500`],
    ['a fractional weight', antiPreferred({ weight: 1.5, podAffinityTerm: podTerm() }),
      `${ANTI_PREF}.weight must be an integer between 1 and 100, got 1.5`],
    ['a missing weight', nodePreferred({ preference: { matchExpressions: [inPool] } }),
      `${NODE_PREF}.weight must be an integer between 1 and 100, got undefined`],
    ['an unknown node selector operator', nodeRequired({ matchExpressions: [{ key: 'pool', operator: 'Bogus' }] }),
      `${NODE_REQ}.matchExpressions[0].operator must be one of 'In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt',`
      + ' got \'Bogus\''],
    ['Gt in a label selector', selector({ matchExpressions: [{ key: 'n', operator: 'Gt', values: ['1'] }] }),
      `${ANTI_REQ}.labelSelector.matchExpressions[0].operator must be one of 'In', 'NotIn', 'Exists', 'DoesNotExist',`
      + ' got \'Gt\''],
    ['In without values', nodeRequired({ matchExpressions: [{ key: 'pool', operator: 'In' }] }),
      `${NODE_REQ}.matchExpressions[0].values must hold at least one value when operator is 'In', got none`],
    ['NotIn with an empty list in a label selector', selector({ matchExpressions: [{ key: 'a', operator: 'NotIn',
      values: [] }] }), `${ANTI_REQ}.labelSelector.matchExpressions[0].values must hold at least one value when`
      + ' operator is \'NotIn\', got none'],
    ['Exists with values', nodeRequired({ matchExpressions: [{ key: 'gpu', operator: 'Exists', values: ['yes'] }] }),
      `${NODE_REQ}.matchExpressions[0].values must be left out when operator is 'Exists', got 1 value(s)`],
    ['DoesNotExist with values in a label selector', selector({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist',
      values: ['b'] }] }), `${ANTI_REQ}.labelSelector.matchExpressions[0].values must be left out when operator is`
      + ' \'DoesNotExist\', got 1 value(s)'],
    ['Gt with two values', nodeRequired({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['1', '2'] }] }),
      `${NODE_REQ}.matchExpressions[0].values must hold exactly one integer when operator is 'Gt', got 2 value(s)`],
    ['Lt with a word', nodeRequired({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['four'] }] }),
      `${NODE_REQ}.matchExpressions[0].values[0] must be a non-negative integer of at most 9223372036854775807 when`
      + ' operator is \'Gt\' or \'Lt\', got \'four\''],
    ['Gt past int64',
      nodeRequired({ matchExpressions: [{ key: 'c', operator: 'Gt', values: ['9223372036854775808'] }] }),
      `${NODE_REQ}.matchExpressions[0].values[0] must be a non-negative integer`],
    ['a node selector value that is no label value', nodeRequired({ matchExpressions: [{ key: 'pool', operator: 'In',
      values: ['a b'] }] }), `${NODE_REQ}.matchExpressions[0].values[0] must be a label value`],
    ['a node selector key that is no qualified name', nodeRequired({ matchExpressions: [{ key: 'bad key',
      operator: 'Exists' }] }), `${NODE_REQ}.matchExpressions[0].key must be a qualified name`],
    ['a missing key', nodeRequired({ matchExpressions: [{ operator: 'Exists' }] }),
      `${NODE_REQ}.matchExpressions[0].key must be a non-empty string, got undefined`],
    ['a matchFields key other than metadata.name', nodeRequired({ matchFields: [{ key: 'metadata.labels',
      operator: 'In', values: ['x'] }] }), `${NODE_REQ}.matchFields[0].key must be one of 'metadata.name', got`
      + ' \'metadata.labels\''],
    ['Exists in matchFields', nodeRequired({ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }),
      `${NODE_REQ}.matchFields[0].operator must be one of 'In', 'NotIn', got 'Exists'`],
    ['two node names in matchFields', nodeRequired({ matchFields: [{ key: 'metadata.name', operator: 'In',
      values: ['a', 'b'] }] }), `${NODE_REQ}.matchFields[0].values must hold exactly one node name for a matchFields`
      + ' requirement, got 2 value(s)'],
    ['a node name that is no DNS subdomain', nodeRequired({ matchFields: [{ key: 'metadata.name', operator: 'In',
      values: ['Node_1'] }] }), `${NODE_REQ}.matchFields[0].values[0] must be a DNS-1123 subdomain`],
    ['an empty topologyKey', antiRequired({ topologyKey: '', labelSelector: app }),
      `${ANTI_REQ}.topologyKey must not be empty: a PodAffinityTerm needs a topologyKey`],
    ['a topologyKey that is no qualified name', antiRequired({ topologyKey: 'a b', labelSelector: app }),
      `${ANTI_REQ}.topologyKey must be a qualified name`],
    ['a matchLabels key that is no qualified name', selector({ matchLabels: { 'a b': 'x' } }),
      `${ANTI_REQ}.labelSelector.matchLabels key must be a qualified name`],
    ['a matchLabels value that is no label value', selector({ matchLabels: { app: 'a b' } }),
      `${ANTI_REQ}.labelSelector.matchLabels['app'] must be a label value`],
    ['a matchLabels value kubectl reads as a number', selector({ matchLabels: { app: '0o7' } }),
      `${ANTI_REQ}.labelSelector.matchLabels['app'] would be read by kubectl as an integer`],
    ['a namespace that is no DNS label', antiRequired(podTerm({ namespaces: ['Shop'] })),
      `${ANTI_REQ}.namespaces[0] must be a DNS-1123 label`],
    ['a namespaceSelector with an unknown key', antiRequired(podTerm({ namespaceSelector: { match_labels: {} } })),
      `${ANTI_REQ}.namespaceSelector.match_labels is not a field of LabelSelector`],
    ['an empty NodeSelectorTerm (a Python snake_case dict arrives so)', nodeRequired({}),
      `${NODE_REQ} must not be empty: a NodeSelectorTerm needs matchExpressions or matchFields`],
  ])('%s is rejected', (_, affinity, message) => {
    expect(errorOf(affinity)).toContain(message);
  });

  test.each<[string, object]>([
    ['weights 1 and 100', { nodeAffinity: { [PREFERRED]: [{ weight: 1, preference: { matchExpressions: [inPool] } },
      { weight: 100,
        preference: { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] } }] } }],
    ['Lt with one integer', nodeRequired({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['64'] }] })],
    ['Exists with an empty values list', nodeRequired({ matchExpressions: [{ key: 'gpu', operator: 'Exists',
      values: [] }] })],
    ['an empty namespaceSelector (every namespace)', antiRequired(podTerm({ namespaceSelector: {} }))],
    ['an empty Affinity (no affinity at all)', {}],
  ])('%s is accepted and written as given', (_, affinity) => {
    expect(affinityOf(affinity)).toEqual(affinity);
  });
});

describe('placement: runtime types of plain-JavaScript values', () => {
  test.each<[string, object, string]>([
    ['nodeSelectorTerms as a string', { nodeAffinity: { [REQUIRED]: { nodeSelectorTerms: 'pool=api' } } },
      `${A}.nodeAffinity.${REQUIRED}.nodeSelectorTerms must be an array, got string`],
    ['matchExpressions as an object', nodeRequired({ matchExpressions: inPool }),
      `${NODE_REQ}.matchExpressions must be an array, got object`],
    ['values as a string', nodeRequired({ matchExpressions: [{ key: 'pool', operator: 'In', values: 'api' }] }),
      `${NODE_REQ}.matchExpressions[0].values must be an array, got string`],
    ['a number among the values', nodeRequired({ matchExpressions: [{ key: 'pool', operator: 'In', values: [1] }] }),
      `${NODE_REQ}.matchExpressions[0].values[0] must be a string, got number`],
    ['a null nodeAffinity', { nodeAffinity: null },
      `${A}.nodeAffinity must be a NodeAffinity (a plain object), got null`],
    ['a term that is an array', antiRequired([podTerm()]),
      `${ANTI_REQ} must be a PodAffinityTerm (a plain object), got array`],
    ['a topologyKey that is a number', antiRequired({ topologyKey: 5, labelSelector: app }),
      `${ANTI_REQ}.topologyKey must be a string, got number`],
    ['a weight that is a string', antiPreferred({ weight: '10', podAffinityTerm: podTerm() }),
      `${ANTI_PREF}.weight must be an integer between 1 and 100, got string`],
  ])('%s is rejected', (_, affinity, message) => {
    expect(errorOf(affinity)).toContain(message);
  });
});

describe('placement: secrets by value are never written or echoed', () => {
  const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
  const errorOfPlacement = (placement: object): string => {
    try {
      synthService({ image: IMAGE, placement });
    } catch (error) {
      return (error as Error).message;
    }
    return 'NO ERROR';
  };

  test.each<[string, object, string]>([
    ['a nodeSelector value', { nodeSelector: { pool: AWS_KEY } },
      "test/api: placement.nodeSelector['pool'] looks like"],
    ['a toleration value', { tolerations: [Toleration.equal('dedicated', AWS_KEY)] },
      'test/api: placement.tolerations[0].value looks like'],
    ['a toleration key', { tolerations: [Toleration.exists(AWS_KEY)] },
      'test/api: placement.tolerations[0].key looks like'],
    ['a matchLabels value', { affinity: selector({ matchLabels: { app: AWS_KEY } }) },
      `${ANTI_REQ}.labelSelector.matchLabels['app'] looks like`],
    ['a node selector requirement value', { affinity: nodeRequired({ matchExpressions: [{ key: 'pool', operator: 'In',
      values: [AWS_KEY] }] }) }, `${NODE_REQ}.matchExpressions[0].values[0] looks like`],
  ])('an AWS access key id as %s is rejected without its value', (_, placement, message) => {
    const error = errorOfPlacement(placement);
    expect(error).toContain(`${message} an AWS access key id`);
    expect(error).not.toContain(AWS_KEY);
  });

  test('ordinary node selector and toleration values are accepted', () => {
    const spec = oneOf(synthService({ image: IMAGE, placement: { nodeSelector: { pool: 'api-pool-1' },
      tolerations: [Toleration.equal('dedicated', 'api')] } }), 'Deployment').spec.template.spec;
    expect(spec.nodeSelector).toEqual({ pool: 'api-pool-1' });
  });
});

test('a FastApiWorker checks its affinity the same way, naming the worker', () => {
  const chart = new Chart(Testing.app(), 'c');
  expect(() => new FastApiWorker(chart, 'worker', {
    image: IMAGE, command: ['celery', '-A', 'tasks', 'worker'], liveness: WorkerLiveness.exec(['true']),
    placement: { affinity: { node_affinity: {} } as object },
  })).toThrow("c/worker: placement.affinity.node_affinity is not a field of Affinity");
});
