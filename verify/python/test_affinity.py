"""placement.affinity from Python: a k8s.Affinity, typed `any` in the library on purpose.

For a struct type, jsii's kernel keeps only the known camelCase keys of a dict inside a list of
structs (nodeSelectorTerms, the pod affinity terms and every struct below them) and drops the rest
before JavaScript runs (JSII_NOTES.md §4), so a misspelt key silently widened a term. Typed `any`,
the dict arrives whole, at every level, and the library's check (lib/placement-affinity.ts) rejects
each key that is not the Kubernetes API's camelCase field. The k8s.Affinity classes keep working:
the runtime sends them with their camelCase names.
"""
import pytest
import cdk8s
from cdk8s_plus_28 import k8s

import cdk8s_fastapi as lib

IMAGE = "registry.example.com/team/api:1.0.0"


def service(**props):
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    lib.FastApiService(chart, "api", **{"image": IMAGE, **props})
    return cdk8s.Testing.synth(chart)


def affinity_of(objs):
    return [o for o in objs if o["kind"] == "Deployment"][0]["spec"]["template"]["spec"]["affinity"]


NODE = "placement.affinity.nodeAffinity"
ANTI = "placement.affinity.podAntiAffinity"
REQ = "requiredDuringSchedulingIgnoredDuringExecution"
PREF = "preferredDuringSchedulingIgnoredDuringExecution"
IN_POOL = {"key": "pool", "operator": "In", "values": ["api"]}
TIER_WEB = {"key": "tier", "operator": "In", "values": ["web"]}
APP = {"matchLabels": {"app": "api"}}
NOT_FIELD = "is not a field of"


def node_preferred(term):
    return {"affinity": {"nodeAffinity": {PREF: [term]}}}


def anti_required(term):
    return {"affinity": {"podAntiAffinity": {REQ: [term]}}}


def anti_preferred(term):
    return {"affinity": {"podAntiAffinity": {PREF: [term]}}}


# placement (a dict, as a Python user writes it) and a fragment of the library's message
MUST_RAISE = {
    "affinity key in snake_case": (
        {"affinity": {"node_affinity": {}}},
        f"c/api: placement.affinity.node_affinity {NOT_FIELD} Affinity, whose fields are nodeAffinity, podAffinity,"
        " podAntiAffinity"),
    "affinity unknown key": (
        {"affinity": {"anti_affinity": {}}}, f"c/api: placement.affinity.anti_affinity {NOT_FIELD} Affinity"),
    "preferred node term dict in snake_case": (
        node_preferred({"weight": 10, "preference": {"match_expressions": [IN_POOL]}}),
        f"c/api: {NODE}.{PREF}[0].preference.match_expressions {NOT_FIELD} NodeSelectorTerm"),
    "required node selector dict in snake_case": (
        {"affinity": {"nodeAffinity": {REQ: {"node_selector_terms": [{"matchExpressions": [IN_POOL]}]}}}},
        f"c/api: {NODE}.{REQ}.node_selector_terms {NOT_FIELD} NodeSelector, whose fields are nodeSelectorTerms"),
    "pod term dict with a labelSelector typo": (
        anti_required({"topologyKey": "zone", "labelSelector": {"matchLabel": {"app": "api"}}}),
        f"c/api: {ANTI}.{REQ}[0].labelSelector.matchLabel {NOT_FIELD} LabelSelector"),
    "weighted pod term dict with a weight typo": (
        anti_preferred({"wieght": 10, "podAffinityTerm": {"topologyKey": "zone", "labelSelector": APP}}),
        f"c/api: {ANTI}.{PREF}[0].wieght {NOT_FIELD} WeightedPodAffinityTerm"),
    "pod term dict mixing match_labels with matchExpressions": (
        anti_required({"topologyKey": "zone", "labelSelector": {"match_labels": {"app": "api"},
                                                                "matchExpressions": [TIER_WEB]}}),
        f"c/api: {ANTI}.{REQ}[0].labelSelector.match_labels {NOT_FIELD} LabelSelector"),
    "node preference dict mixing match_fields with matchExpressions": (
        node_preferred({"weight": 10, "preference": {"matchExpressions": [IN_POOL], "match_fields": [
            {"key": "metadata.name", "operator": "In", "values": ["node-1"]}]}}),
        f"c/api: {NODE}.{PREF}[0].preference.match_fields {NOT_FIELD} NodeSelectorTerm"),
    "weighted pod term dict with weight 500": (
        anti_preferred({"weight": 500, "podAffinityTerm": {"topologyKey": "zone", "labelSelector": APP}}),
        f"c/api: {ANTI}.{PREF}[0].weight must be an integer between 1 and 100, got 500"),
    "node term dict with operator Bogus": (
        node_preferred({"weight": 10, "preference": {"matchExpressions": [{"key": "pool", "operator": "Bogus"}]}}),
        f"c/api: {NODE}.{PREF}[0].preference.matchExpressions[0].operator must be one of 'In', 'NotIn',"
        " 'Exists', 'DoesNotExist', 'Gt', 'Lt', got 'Bogus'"),
}


@pytest.mark.parametrize("case", MUST_RAISE)
def test_a_wrong_affinity_dict_raises_with_the_library_message(case):
    placement, fragment = MUST_RAISE[case]
    with pytest.raises(RuntimeError) as raised:
        service(placement=placement)
    assert fragment in str(raised.value), f"{case}: got {str(raised.value)[:600]!r}"


# the correct spellings: accepted, and written exactly
ACCEPTED = {
    "k8s classes": (
        lib.PlacementOptions(affinity=k8s.Affinity(node_affinity=k8s.NodeAffinity(
            preferred_during_scheduling_ignored_during_execution=[k8s.PreferredSchedulingTerm(weight=10,
                preference=k8s.NodeSelectorTerm(match_expressions=[
                    k8s.NodeSelectorRequirement(key="pool", operator="In", values=["api"])]))]))),
        {"nodeAffinity": {PREF: [{"weight": 10, "preference": {"matchExpressions": [IN_POOL]}}]}}),
    "camelCase dicts inside the term lists": (
        anti_required({"topologyKey": "zone", "labelSelector": {"matchLabels": {"app": "api"},
                                                                "matchExpressions": [TIER_WEB]}}),
        {"podAntiAffinity": {REQ: [{"topologyKey": "zone", "labelSelector": {"matchLabels": {"app": "api"},
                                                                             "matchExpressions": [TIER_WEB]}}]}}),
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_a_correct_affinity_is_written_exactly(case):
    placement, written = ACCEPTED[case]
    assert affinity_of(service(placement=placement)) == written
