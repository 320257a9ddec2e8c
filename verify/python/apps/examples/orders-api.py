# Mirror of examples/orders-api.ts: the orders API (FastAPI under uvicorn) and its Celery worker,
# both talking to Cloud SQL through a cloud-sql-proxy sidecar, with a client certificate mounted
# from a Secret as files, and both scheduled onto a dedicated, tainted node pool.
# fixtures/orders-api.py reuses orders_api(), as test/fixtures.ts reuses ordersApi().
import os

from cdk8s import App, Chart, Duration
from cdk8s_plus_28 import ContainerResources, Cpu, CpuResources, EnvValue
from cdk8s_fastapi import (
    Autoscaling, FastApiService, FastApiWorker, PlacementOptions, ServiceEnv, Sidecar, SidecarHealthOptions,
    TaintEffect, Toleration, Volume, WorkerLiveness, WorkerShutdownOptions,
)

IMAGE = "registry.example.com/shop/orders:1.4.2"
INSTANCE = "example-project:europe-west1:orders"

# Both processes run on the 'orders' node pool, which is tainted so nothing else lands there.
placement = PlacementOptions(
    node_selector={"example.com/pool": "orders"},
    tolerations=[Toleration.equal("example.com/pool", "orders", effect=TaintEffect.NO_SCHEDULE)],
)


def payments_cert():
    """The payment provider's client certificate, as files (never as env: checkov CKV_K8S_35)."""
    return Volume.from_secret(
        name="payments-cert",
        mount_path="/etc/orders/payments",
        secret_name="orders-payments-client",
        items={"tls.crt": "client.crt", "tls.key": "client.key"},
        mode=0o440,  # octal in code; YAML holds 288, which the kubelet reads as 0440
    )


def cloud_sql_proxy(sigterm_delay):
    """The Cloud SQL proxy: --max-sigterm-delay covers the app's drain (all containers get SIGTERM at once)."""
    return Sidecar.container(
        name="cloud-sql-proxy",
        image="gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1",
        args=[
            "--structured-logs", "--port=5432", "--health-check", "--http-address=0.0.0.0", "--http-port=9090",
            f"--max-sigterm-delay={sigterm_delay.to_seconds()}s", INSTANCE,
        ],
        health=SidecarHealthOptions(port=9090, liveness_path="/liveness", readiness_path="/readiness"),
        resources=ContainerResources(cpu=CpuResources(request=Cpu.millis(100), limit=Cpu.millis(500))),
    )


def orders_api(chart):
    api = FastApiService(
        chart, "orders-api",
        image=IMAGE,
        namespace="orders",
        asgi_app="orders.main:app",
        env={
            "DATABASE_URL": ServiceEnv.from_secret("orders-db", "url"),  # postgresql://...@127.0.0.1:5432/orders
            "CELERY_BROKER_URL": ServiceEnv.from_secret("orders-broker", "url"),
            "PAYMENTS_CERT_DIR": EnvValue.from_value("/etc/orders/payments"),
        },
        autoscaling=Autoscaling.cpu(min_replicas=2, max_replicas=12),
        volumes=[payments_cert()],
        sidecars=[cloud_sql_proxy(Duration.seconds(25))],
        placement=placement,
        pod_annotations={"prometheus.io/scrape": "true", "prometheus.io/port": "8000"},
    )
    FastApiWorker(
        chart, "orders-worker",
        service=api,  # image, namespace, env, security
        command=["celery", "-A", "orders.tasks", "worker", "--loglevel=INFO", "--concurrency=2"],
        # The shell expands $HOSTNAME (exec probes do not); a ping answers only if the worker consumes.
        liveness=WorkerLiveness.exec(["sh", "-c", "celery -A orders.tasks inspect ping -d celery@$HOSTNAME"]),
        # Celery's SIGTERM is a warm shutdown: running tasks finish. The longest task takes ~3 minutes.
        shutdown=WorkerShutdownOptions(termination_grace_period=Duration.minutes(5)),
        autoscaling=Autoscaling.cpu(min_replicas=2, max_replicas=8),
        volumes=[payments_cert()],
        sidecars=[cloud_sql_proxy(Duration.seconds(290))],
        placement=placement,
    )
    return api


if __name__ == "__main__":
    app = App(outdir=os.environ.get("CDK8S_OUTDIR", os.path.join(os.path.dirname(__file__), "dist", "orders-api")))
    orders_api(Chart(app, "orders-api"))
    app.synth()
