"""Errors reach Python: the library's validation messages, and every wrong key of a dict.

The cases are tables: add a row when a prop or a rule is added."""
import pytest
import cdk8s

import cdk8s_fastapi as lib
from conftest import ts_message

IMAGE = "registry.example.com/team/api:1.0.0"


def service(**props):
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    lib.FastApiService(chart, "api", **{"image": IMAGE, **props})
    return cdk8s.Testing.synth(chart)


# (Python call, the same call in JavaScript): Python must raise with the TypeScript message.
VALIDATION = [
    (lambda: service(image="registry.example.com/team/api:latest"),
     "new lib.FastApiService(chart, 'api', { image: 'registry.example.com/team/api:latest' })"),
    (lambda: service(port=80),
     f"new lib.FastApiService(chart, 'api', {{ image: '{IMAGE}', port: 80 }})"),
    (lambda: service(asgi_app="not an import string"),
     f"new lib.FastApiService(chart, 'api', {{ image: '{IMAGE}', asgiApp: 'not an import string' }})"),
    (lambda: service(replicas=3),
     f"new lib.FastApiService(chart, 'api', {{ image: '{IMAGE}', replicas: 3 }})"),
    (lambda: lib.EnvValue.from_secret("Not_A_Secret_Name", "url"),
     "lib.EnvValue.fromSecret('Not_A_Secret_Name', 'url')"),
]


@pytest.mark.parametrize("py_call,js_call", VALIDATION, ids=[js for _, js in VALIDATION])
def test_validation_error_reaches_python_with_the_library_message(py_call, js_call):
    expected = ts_message(js_call)
    assert expected != "NO ERROR", f"the TypeScript library accepts {js_call}: fix the case"
    with pytest.raises(Exception) as raised:
        py_call()
    # jsii raises RuntimeError; a method call prefixes the JS error's name ("Error: ..."), a
    # constructor does not: the library's message must be there, whole.
    assert str(raised.value).endswith(expected), f"Python got {str(raised.value)!r}, TypeScript {expected!r}"


def kind(objs, k):
    return [o for o in objs if o["kind"] == k]


def env_names(container):
    return [e["name"] for e in container.get("env", [])]


# A dict handed to a prop: a wrong key must raise; a snake_case key must either raise or take
# effect (the check). It must never vanish silently (jsii drops unknown keys of dicts it converts
# for union-typed and list-of-struct props before the library can see them).
DICTS = {
    "autoscaling snake_case": (dict(autoscaling={"min_replicas": 3}),
                               lambda o: kind(o, "HorizontalPodAutoscaler")[0]["spec"]["minReplicas"] == 3),
    "autoscaling unknown key": (dict(autoscaling={"bogus": 3}), None),
    "autoscaling camelCase": (dict(autoscaling={"minReplicas": 3}), None),
    "network_policy snake_case": (dict(network_policy={"allow_from_namespaces": ["ingress-nginx"]}),
                                  lambda o: "ingress-nginx" in str(kind(o, "NetworkPolicy"))),
    "network_policy unknown key": (dict(network_policy={"bogus": ["x"]}), None),
    "ingress.tls snake_case": (dict(ingress={"host": "api.example.com", "tls": {"cluster_issuer": "le"}}),
                               lambda o: kind(o, "Ingress")[0]["metadata"]["annotations"].get("cert-manager.io/cluster-issuer") == "le"),
    "ingress.tls unknown key": (dict(ingress={"host": "api.example.com", "tls": {"bogus": "le"}}), None),
    "ingress camelCase": (dict(ingress={"host": "api.example.com", "className": "nginx", "tls": {"cluster_issuer": "le"}}), None),
    "init_containers[] snake_case": (
        dict(env={"A": lib.EnvValue.from_value("1")},
             init_containers=[{"name": "m", "command": ["python", "-m", "m"], "inherit_env": False}]),
        lambda o: "A" not in env_names(kind(o, "Deployment")[0]["spec"]["template"]["spec"]["initContainers"][0])),
    "init_containers[] unknown key": (dict(init_containers=[{"name": "m", "command": ["x"], "bogus": 1}]), None),
    "probes camelCase": (dict(probes={"livenessPath": "/live"}), None),
    "probes unknown key": (dict(probes={"bogus": "/live"}), None),
    "top-level unknown kwarg": (dict(bogus_prop=1), None),
}


@pytest.mark.parametrize("case", DICTS, ids=list(DICTS))
def test_wrong_dict_keys_fail_and_never_vanish(case):
    props, took_effect = DICTS[case]
    try:
        objs = service(**props)
    except (TypeError, RuntimeError):
        return  # rejected: fine
    assert took_effect is not None, f"{case}: accepted without an error"
    assert took_effect(objs), f"{case}: accepted, but the key was silently dropped"
