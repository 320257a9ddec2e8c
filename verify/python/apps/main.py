# Mirror of main.ts: dist/kf-api.k8s.yaml plus dist/environments/{dev,prod}/ (three Apps, one Chart each).
import os

from cdk8s import App, Chart, Size
from cdk8s_plus_28 import ContainerResources, Cpu, CpuResources, MemoryResources
from cdk8s_fastapi import (
    Autoscaling, FastApiService, IngressOptions, IngressTls, InitStep, MigrationOptions, ServiceEnv,
    ServiceNetworkPolicy, ServiceOptions,
)

OUTDIR = os.environ.get("CDK8S_OUTDIR", "dist")
# the example app of app/: same image and entry point everywhere
BASE = dict(image="4oh4/kubernetes-fastapi:1.0.0", asgi_app="service.main:app", port=8080,
            service=ServiceOptions(port=8080))
# the example app migrates a per-pod SQLite file in /tmp before it starts
MIGRATE_SQLITE = InitStep.run(name="migrate", command=["python", "-m", "service.migrate"])


def synth(directory, build):
    app = App(outdir=os.path.join(OUTDIR, directory), record_construct_metadata=False)
    build(Chart(app, "kf-api"))
    app.synth()


synth(".", lambda chart: FastApiService(
    chart, "kf-api", **BASE,
    autoscaling=Autoscaling.cpu(min_replicas=1, max_replicas=10, cpu_utilization=50),
    init_containers=[MIGRATE_SQLITE],
))

synth("environments/dev", lambda chart: FastApiService(
    chart, "kf-api", **BASE,
    namespace="kf-api-dev",
    autoscaling=Autoscaling.fixed(2),
    resources=ContainerResources(
        cpu=CpuResources(request=Cpu.millis(100), limit=Cpu.millis(500)),
        memory=MemoryResources(request=Size.mebibytes(128), limit=Size.mebibytes(256)),
    ),
    init_containers=[MIGRATE_SQLITE],
    ingress=IngressOptions(host="api.dev.example.com", class_name="nginx",
                           tls=IngressTls.cluster_issuer("letsencrypt-staging")),
))

synth("environments/prod", lambda chart: FastApiService(
    chart, "kf-api", **BASE,
    namespace="kf-api-prod",
    autoscaling=Autoscaling.cpu(min_replicas=3, max_replicas=20, cpu_utilization=50),
    env={"DATABASE_URL": ServiceEnv.from_secret("kf-api-db", "url")},
    migration=MigrationOptions(command=["python", "-m", "service.migrate"]),
    ingress=IngressOptions(host="api.example.com", class_name="nginx", tls=IngressTls.cluster_issuer("letsencrypt-prod")),
    network_policy=ServiceNetworkPolicy.restrict(allow_from_namespaces=["ingress-nginx"]),
))
