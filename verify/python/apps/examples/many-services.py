# Mirror of examples/many-services.ts: many services in ONE Chart. (The TypeScript example writes
# with synthFast from cdk8s-fastapi/fast-yaml, which is Node-only; app.synth() writes the same YAML.)
import os

from cdk8s import App, Chart
from cdk8s_fastapi import FastApiService, IngressOptions, IngressTls, ServiceNetworkPolicy

SERVICES = [  # name, image tag, public host
    ("accounts", "3.4.0", "accounts.example.com"),
    ("billing", "1.9.2", None),
    ("catalog", "5.0.1", "catalog.example.com"),
    ("inventory", "2.2.0", None),
    ("notifications", "0.8.7", None),
    ("orders", "4.1.3", "orders.example.com"),
    ("search", "1.0.0", None),
    ("shipping", "2.7.5", None),
]

app = App(outdir=os.environ.get("CDK8S_OUTDIR", os.path.join(os.path.dirname(__file__), "dist", "many-services")))
chart = Chart(app, "platform", namespace="platform")  # one Chart -> one platform.k8s.yaml
for name, tag, host in SERVICES:
    FastApiService(
        chart, name,
        image=f"registry.example.com/platform/{name}:{tag}",
        asgi_app="service.main:app",
        part_of="platform",
        ingress=IngressOptions(host=host, class_name="nginx", tls=IngressTls.cluster_issuer("letsencrypt-prod")) if host else None,
        # public services admit the ingress controller; the rest only their own namespace
        network_policy=ServiceNetworkPolicy.restrict(allow_from_namespaces=["ingress-nginx"] if host else []),
    )
app.synth()
