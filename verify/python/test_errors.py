"""Errors reach Python: the library's validation messages, and every wrong key of a dict.

The cases are tables: add a row when a prop or a rule is added."""
import pytest
import cdk8s
import cdk8s_plus_28 as plus

import cdk8s_fastapi as lib
from conftest import ts_message

IMAGE = "registry.example.com/team/api:1.0.0"
JS_IMAGE = f"image: '{IMAGE}'"


def service(**props):
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    lib.FastApiService(chart, "api", **{"image": IMAGE, **props})
    return cdk8s.Testing.synth(chart)


# (Python call, the same call in JavaScript, the construct path the message starts with or None
# for a static factory): Python must raise with the TypeScript library's message, whole.
VALIDATION = [
    (lambda: service(image="registry.example.com/team/api:latest"),
     "new lib.FastApiService(chart, 'api', { image: 'registry.example.com/team/api:latest' })", "c/api"),
    (lambda: service(port=80),
     f"new lib.FastApiService(chart, 'api', {{ {JS_IMAGE}, port: 80 }})", "c/api"),
    (lambda: service(asgi_app="not an import string"),
     f"new lib.FastApiService(chart, 'api', {{ {JS_IMAGE}, asgiApp: 'not an import string' }})", "c/api"),
    (lambda: service(autoscaling=lib.Autoscaling.fixed(-1)),
     f"new lib.FastApiService(chart, 'api', {{ {JS_IMAGE}, autoscaling: lib.Autoscaling.fixed(-1) }})", "c/api"),
    (lambda: service(autoscaling=lib.Autoscaling.cpu(min_replicas=5, max_replicas=2)),
     f"new lib.FastApiService(chart, 'api', {{ {JS_IMAGE}, "
     "autoscaling: lib.Autoscaling.cpu({ minReplicas: 5, maxReplicas: 2 }) })", "c/api"),
    (lambda: service(network_policy=lib.ServiceNetworkPolicy.restrict(allow_egress_to=["10.0.0.0"])),
     f"new lib.FastApiService(chart, 'api', {{ {JS_IMAGE}, "
     "networkPolicy: lib.ServiceNetworkPolicy.restrict({ allowEgressTo: ['10.0.0.0'] }) })", "c/api"),
    (lambda: service(ingress=lib.IngressOptions(host="api.example.com", tls=lib.IngressTls.cluster_issuer("Bad_Issuer"))),
     f"new lib.FastApiService(chart, 'api', {{ {JS_IMAGE}, "
     "ingress: { host: 'api.example.com', tls: lib.IngressTls.clusterIssuer('Bad_Issuer') } })", "c/api"),
    (lambda: service(init_containers=[lib.InitStep.run(name="app", command=["x"])]),
     f"new lib.FastApiService(chart, 'api', {{ {JS_IMAGE}, "
     "initContainers: [lib.InitStep.run({ name: 'app', command: ['x'] })] })", "c/api"),
    (lambda: service(env={"API_TOKEN": plus.EnvValue.from_value("hunter2")}),
     f"new lib.FastApiService(chart, 'api', {{ {JS_IMAGE}, env: {{ API_TOKEN: plus.EnvValue.fromValue('hunter2') }} }})",
     "c/api"),
    (lambda: lib.ServiceEnv.from_secret("Not_A_Secret_Name", "url"),
     "lib.ServiceEnv.fromSecret('Not_A_Secret_Name', 'url')", None),
    (lambda: lib.EnvSource.secret("s", prefix="1BAD"),
     "lib.EnvSource.secret('s', { prefix: '1BAD' })", None),
]


@pytest.mark.parametrize("py_call,js_call,path", VALIDATION, ids=[js for _, js, _ in VALIDATION])
def test_validation_error_reaches_python_with_the_library_message(py_call, js_call, path):
    expected = ts_message(js_call)
    assert expected != "NO ERROR", f"the TypeScript library accepts {js_call}: fix the case"
    if path is not None:
        assert expected.startswith(f"{path}: "), f"the TypeScript message lacks the construct path: {expected!r}"
    with pytest.raises(RuntimeError) as raised:
        py_call()
    # jsii raises RuntimeError; a method call prefixes the JS error's name ("FastApiValidationError:
    # ..."), a constructor does not: the library's message must be there, whole.
    assert str(raised.value).endswith(expected), f"Python got {str(raised.value)!r}, TypeScript {expected!r}"
    assert "hunter2" not in str(raised.value)


def test_a_secret_literal_is_never_echoed():
    with pytest.raises(RuntimeError) as raised:
        service(env={"API_TOKEN": plus.EnvValue.from_value("hunter2")})
    assert "hunter2" not in str(raised.value) and "<literal value hidden>" in str(raised.value)


def kind(objs, k):
    return [o for o in objs if o["kind"] == k]


def pod_spec(objs):
    return kind(objs, "Deployment")[0]["spec"]["template"]["spec"]


def ingress_host(**extra):
    return {"host": "api.example.com", "tls": lib.IngressTls.disabled(), **extra}


# A dict (or keyword arguments) handed to the API with a wrong key: an unknown, camelCase or
# misplaced key must raise. It must never vanish silently (jsii drops unknown keys of dicts it
# converts for union-typed and list-of-struct props before the library can see them; 0.2.0 has
# neither, and this table proves it prop by prop). Rows with a check are the correct spelling:
# accepted, and it must take effect.
DICTS = {
    # the factories' keyword arguments
    "Autoscaling.cpu camelCase": (lambda: dict(autoscaling=lib.Autoscaling.cpu(**{"minReplicas": 3})), None),
    "Autoscaling.cpu unknown key": (lambda: dict(autoscaling=lib.Autoscaling.cpu(**{"bogus": 3})), None),
    "Autoscaling.cpu snake_case": (lambda: dict(autoscaling=lib.Autoscaling.cpu(**{"min_replicas": 3})),
                                   lambda o: kind(o, "HorizontalPodAutoscaler")[0]["spec"]["minReplicas"] == 3),
    "ServiceNetworkPolicy.restrict camelCase": (
        lambda: dict(network_policy=lib.ServiceNetworkPolicy.restrict(**{"allowFromNamespaces": ["x"]})), None),
    "ServiceNetworkPolicy.restrict snake_case": (
        lambda: dict(network_policy=lib.ServiceNetworkPolicy.restrict(**{"allow_from_namespaces": ["ingress-nginx"]})),
        lambda o: "ingress-nginx" in str(kind(o, "NetworkPolicy"))),
    "IngressTls.cluster_issuer camelCase option": (
        lambda: dict(ingress=ingress_host(tls=lib.IngressTls.cluster_issuer("le", **{"secretName": "s"}))), None),
    "IngressTls.cluster_issuer snake_case option": (
        lambda: dict(ingress=ingress_host(tls=lib.IngressTls.cluster_issuer("le", **{"secret_name": "s"}))),
        lambda o: kind(o, "Ingress")[0]["spec"]["tls"][0]["secretName"] == "s"),
    "InitStep.run camelCase": (
        lambda: dict(init_containers=[lib.InitStep.run(**{"name": "m", "command": ["x"], "inheritEnv": False})]), None),
    "InitStep.run unknown key": (
        lambda: dict(init_containers=[lib.InitStep.run(**{"name": "m", "command": ["x"], "bogus": 1})]), None),
    "InitStep.run snake_case": (
        lambda: dict(env={"A": plus.EnvValue.from_value("1")},
                     init_containers=[lib.InitStep.run(**{"name": "m", "command": ["x"], "inherit_env": False})]),
        lambda o: "env" not in pod_spec(o)["initContainers"][0]),
    "EnvSource.secret camelCase": (lambda: dict(env_from=[lib.EnvSource.secret("s", **{"Prefix": "P_"})]), None),
    "ServiceEnv.from_secret unknown option": (lambda: dict(env={"A": lib.ServiceEnv.from_secret("s", "k", **{"optinal": True})}), None),
    # a dict where a class is expected: rejected by the generated type checks
    "autoscaling as a dict": (lambda: dict(autoscaling={"min_replicas": 3}), None),
    "network_policy as a dict": (lambda: dict(network_policy={"allow_from_namespaces": ["ingress-nginx"]}), None),
    "ingress.tls as a dict": (lambda: dict(ingress={"host": "api.example.com", "tls": {"cluster_issuer": "le"}}), None),
    "init_containers[] as dicts": (lambda: dict(init_containers=[{"name": "m", "command": ["x"], "inherit_env": False}]), None),
    "env_from[] as dicts": (lambda: dict(env_from=[{"secret": "s"}]), None),
    "env value as a dict": (lambda: dict(env={"A": {"value": "1"}}), None),
    # dicts for struct-typed props: converted with Struct(**dict), so Python rejects wrong keys
    "ingress camelCase": (lambda: dict(ingress=ingress_host(className="nginx")), None),
    "ingress unknown key": (lambda: dict(ingress=ingress_host(bogus=1)), None),
    "ingress missing tls": (lambda: dict(ingress={"host": "api.example.com"}), None),
    "ingress snake_case": (lambda: dict(ingress=ingress_host(class_name="nginx")),
                           lambda o: kind(o, "Ingress")[0]["spec"]["ingressClassName"] == "nginx"),
    "probes camelCase": (lambda: dict(probes={"livenessPath": "/live"}), None),
    "probes unknown key": (lambda: dict(probes={"bogus": "/live"}), None),
    "probes.liveness camelCase": (lambda: dict(probes={"liveness": {"failureThreshold": 4}}), None),
    "probes.liveness snake_case": (lambda: dict(probes={"liveness": {"failure_threshold": 4}}),
                                   lambda o: pod_spec(o)["containers"][0]["livenessProbe"]["failureThreshold"] == 4),
    "shutdown camelCase": (lambda: dict(shutdown={"preStopDelay": cdk8s.Duration.seconds(1)}), None),
    "security camelCase": (lambda: dict(security={"tmpSize": cdk8s.Size.mebibytes(1)}), None),
    "migration camelCase": (lambda: dict(migration={"command": ["x"], "backoffLimit": 1}), None),
    "migration snake_case": (lambda: dict(migration={"command": ["x"], "backoff_limit": 1}),
                             lambda o: kind(o, "Job")[0]["spec"]["backoffLimit"] == 1),
    "http_route.gateway camelCase": (
        lambda: dict(http_route={"gateway": {"name": "g", "sectionName": "https"}, "hostnames": ["a.example.com"]}), None),
    "resources camelCase (cdk8s-plus-28 struct)": (
        lambda: dict(resources={"ephemeralStorage": {"request": cdk8s.Size.mebibytes(1)}}), None),
    "top-level unknown kwarg": (lambda: dict(bogus_prop=1), None),
    "top-level camelCase kwarg": (lambda: dict(asgiApp="main:app"), None),
    "removed 0.1 prop replicas": (lambda: dict(replicas=3), None),
}


@pytest.mark.parametrize("case", DICTS, ids=list(DICTS))
def test_wrong_dict_keys_fail_and_never_vanish(case):
    build, took_effect = DICTS[case]
    try:
        objs = service(**build())
    except (TypeError, RuntimeError) as error:
        assert took_effect is None, f"{case}: the correct spelling was rejected: {error}"
        return  # rejected: fine
    assert took_effect is not None, f"{case}: accepted without an error"
    assert took_effect(objs), f"{case}: accepted, but the key was silently dropped"


def test_load_test_props_reject_camel_case():
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    api = lib.FastApiService(chart, "api", image=IMAGE)
    with pytest.raises(TypeError):
        lib.LoadTest(chart, "load", target=api, locustfile="x", spawnRate=5)


OPTIMIZED = """
import cdk8s, cdk8s_fastapi as lib
cases = {
    "autoscaling": {"min_replicas": 3}, "network_policy": {"allow_from_namespaces": ["x"]},
    "ingress": {"host": "a.example.com", "tls": {"cluster_issuer": "le"}},
    "init_containers": [{"name": "m", "command": ["x"], "inherit_env": False}],
    "env_from": [{"secret_ref": {"name": "s"}}], "env": {"A": {"value": "1"}},
}
for prop, value in cases.items():
    try:
        lib.FastApiService(cdk8s.Chart(cdk8s.Testing.app(), "c"), "api", image="r.example.com/a:1.0.0", **{prop: value})
        print("ACCEPTED", prop)
    except (TypeError, RuntimeError):
        print("rejected", prop)
"""


def test_dicts_for_classes_fail_under_python_O_too():
    """The "got dict instead" checks are typeguard code under `if __debug__`: under `python -O` the
    jsii kernel must still refuse a dict where a class (factory result) is expected."""
    import subprocess
    import sys
    from conftest import node_env
    p = subprocess.run([sys.executable, "-O", "-c", OPTIMIZED], capture_output=True, text=True, env=node_env())
    assert p.returncode == 0, p.stderr[-3000:]
    lines = p.stdout.split("\n")
    assert len([line for line in lines if line.startswith("rejected ")]) == 6, p.stdout
