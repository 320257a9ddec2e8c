# Mirror of examples/all-features.ts: every option of FastApiService in one place.
from cdk8s import App, Chart, Duration, Size
from cdk8s_plus_28 import ContainerResources, Cpu, CpuResources, MemoryResources
from cdk8s_fastapi import (
    Autoscaling, EnvSource, EnvValue, FastApiService, GatewayRef, HttpRouteOptions, ImagePullPolicy, IngressOptions,
    IngressTlsOptions, InitStep, MigrationOptions, NetworkPolicyOptions, ProbeOptions, SecurityOptions, ShutdownOptions,
)

app = App()
chart = Chart(app, "shop", namespace="shop")
FastApiService(
    chart, "shop",
    image="registry.example.com/team/shop:2.3.1",
    asgi_app="service.main:app",
    port=8080,  # what uvicorn binds
    service_port=80,  # what the Service exposes
    workers=1,  # scale with pods, not processes
    extra_args=["--root-path", "/"],
    image_pull_policy=ImagePullPolicy.ALWAYS,
    image_pull_secrets=["registry-credentials"],
    # configuration: literals go into git, secrets only by reference
    env={
        "LOG_LEVEL": EnvValue.from_value("info"),
        "DATABASE_URL": EnvValue.from_secret("shop-db", "url"),
        "FEATURE_FLAGS": EnvValue.from_config_map("shop-config", "flags", optional=True),
        "POD_NAME": EnvValue.from_field("metadata.name"),
    },
    env_from=[EnvSource.config_map("shop-settings"), EnvSource.secret("shop-api-keys", prefix="KEYS_")],
    # capacity
    resources=ContainerResources(
        cpu=CpuResources(request=Cpu.millis(500), limit=Cpu.millis(2000)),
        memory=MemoryResources(request=Size.mebibytes(512), limit=Size.gibibytes(1)),
    ),
    autoscaling=Autoscaling.cpu(min_replicas=2, max_replicas=20, cpu_utilization=60, scale_down_stabilization=Duration.minutes(10)),
    # lifecycle
    probes=ProbeOptions(liveness_path="/health/live", readiness_path="/health/ready", startup_budget=Duration.minutes(3)),
    shutdown=ShutdownOptions(pre_stop_delay=Duration.seconds(10), graceful_timeout=Duration.seconds(30), termination_grace_period=Duration.seconds(60)),
    init_containers=[InitStep(name="wait-for-db", command=["python", "-m", "service.wait_for_db"])],
    migration=MigrationOptions(command=["alembic", "upgrade", "head"], backoff_limit=1),
    # traffic
    ingress=IngressOptions(host="shop.example.com", class_name="nginx", tls=IngressTlsOptions(cluster_issuer="letsencrypt-prod")),
    # Gateway API instead of (or next to) the Ingress: TLS lives on the Gateway's listener
    http_route=HttpRouteOptions(gateway=GatewayRef(name="shared-gateway", namespace="gateway-system", section_name="https"), hostnames=["shop.example.com"], path="/api"),
    keep_alive_timeout=Duration.seconds(65),  # above ingress-nginx's 60s upstream idle timeout
    network_policy=NetworkPolicyOptions(allow_from_namespaces=["ingress-nginx"], allow_egress_to=["10.20.0.0/16"]),
    # identity and metadata
    security=SecurityOptions(user=20001, group=20001, tmp_size=Size.mebibytes(128)),
    labels={"team": "checkout"},
    part_of="shop-platform",
    revision_history_limit=3,
)
app.synth()
