# Mirror of examples/all-features.ts: every option of FastApiService in one place, an Ingress and a
# Gateway API HTTPRoute included. fixtures/all-features.py reuses all_features(), as test/fixtures.ts
# reuses allFeatures().
import os

from cdk8s import App, Chart, Duration, Size
from cdk8s_plus_28 import (
    ContainerResources, Cpu, CpuResources, EnvValue, EphemeralStorageResources, ImagePullPolicy, MemoryResources,
)
from cdk8s_fastapi import (
    Autoscaling, EnvSource, FastApiService, GatewayRef, HttpRouteOptions, IngressOptions, IngressTls, InitStep,
    MigrationOptions, ProbeOptions, ProbeTiming, SecurityOptions, ServiceEnv, ServiceNetworkPolicy, ServiceOptions,
    ShutdownOptions,
)


def all_features(chart):
    return FastApiService(
        chart, "shop",
        image="registry.example.com/team/shop@sha256:" + "a" * 64,
        namespace="shop",
        asgi_app="service.main:app",
        port=8080,  # what uvicorn binds
        service=ServiceOptions(port=8080),  # what the Service exposes
        workers=2,  # prefer pods over processes; resources scale with workers
        extra_args=["--root-path", "/"],
        image_pull_policy=ImagePullPolicy.ALWAYS,
        image_pull_secrets=["registry-credentials"],
        # configuration: literals go into git, secrets only by reference
        env={
            "LOG_LEVEL": EnvValue.from_value("info"),
            "DATABASE_URL": ServiceEnv.from_secret("shop-db", "url"),
            "FEATURE_FLAGS": ServiceEnv.from_config_map("shop-config", "flags", optional=True),
            "POD_NAME": ServiceEnv.from_field("metadata.name"),
        },
        env_from=[EnvSource.config_map("shop-settings"), EnvSource.secret("shop-api-keys", prefix="KEYS_")],
        # capacity
        resources=ContainerResources(
            cpu=CpuResources(request=Cpu.millis(500), limit=Cpu.millis(2000)),
            memory=MemoryResources(request=Size.mebibytes(512), limit=Size.gibibytes(1)),
            ephemeral_storage=EphemeralStorageResources(request=Size.mebibytes(128), limit=Size.mebibytes(512)),
        ),
        autoscaling=Autoscaling.cpu(
            min_replicas=2,
            max_replicas=20,
            cpu_utilization=60,
            memory_utilization=80,
            scale_down_stabilization=Duration.minutes(10),
            scale_up_stabilization=Duration.seconds(30),
        ),
        # lifecycle
        probes=ProbeOptions(
            liveness_path="/health/live",
            readiness_path="/health/ready",
            startup_budget=Duration.minutes(3),
            liveness=ProbeTiming(period=Duration.seconds(15), timeout=Duration.seconds(5), failure_threshold=4),
            readiness=ProbeTiming(period=Duration.seconds(10), timeout=Duration.seconds(3), failure_threshold=3),
        ),
        shutdown=ShutdownOptions(
            pre_stop_delay=Duration.seconds(10),
            graceful_timeout=Duration.seconds(30),
            termination_grace_period=Duration.seconds(60),
        ),
        init_containers=[
            InitStep.run(name="wait-for-db", command=["python", "-m", "service.wait_for_db"]),
            InitStep.run(name="check-config", command=["python", "-m", "service.check_config"], inherit_env=False),
        ],
        migration=MigrationOptions(command=["python", "-m", "service.migrate"], backoff_limit=1),
        # traffic
        ingress=IngressOptions(
            host="shop.example.com",
            path="/",
            class_name="nginx",
            tls=IngressTls.cluster_issuer("letsencrypt-prod"),
            annotations={"nginx.ingress.kubernetes.io/proxy-body-size": "8m"},
        ),
        # Gateway API instead of (or next to) the Ingress: TLS lives on the Gateway's listener
        http_route=HttpRouteOptions(
            gateway=GatewayRef(name="public", namespace="gateways", section_name="https"),
            hostnames=["shop.example.com"],
            path="/",
        ),
        forwarded_allow_ips="10.0.0.0/8",  # the ingress controller's pods
        keep_alive_timeout=Duration.seconds(65),  # above ingress-nginx's 60s upstream idle timeout
        network_policy=ServiceNetworkPolicy.restrict(
            allow_from_namespaces=["ingress-nginx"], allow_egress_to=["10.20.0.0/16"],
        ),
        # identity and metadata
        security=SecurityOptions(user=20001, group=20001, tmp_size=Size.mebibytes(128)),
        labels={"team": "checkout", "example.com/cost-center": "cc-42"},
        part_of="shop-platform",
        version="2.3.1",
        revision_history_limit=3,
    )


if __name__ == "__main__":
    app = App(outdir=os.environ.get("CDK8S_OUTDIR", os.path.join(os.path.dirname(__file__), "dist", "all-features")))
    all_features(Chart(app, "shop"))
    app.synth()
