# Sourced by build.sh (after the base, before the index is written): the two images of
# examples/orders-api.ts, both STAND-INS built on the local python base stand-in. Uses build.sh's
# helpers (build_standin and what it uses) and keys.
#   registry.example.com/shop/orders:1.4.2              orders/ (FastAPI API + Celery worker)
#   gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1  cloud-sql-proxy/ (TCP forwarder)

ORDERS_REF=registry.example.com/shop/orders:1.4.2
CSQL_REF=gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1

STANDIN_LABELS=(
  --label org.opencontainers.image.title=orders
  --label org.opencontainers.image.version=1.4.2
  --label "org.opencontainers.image.description=STAND-IN for $ORDERS_REF (examples/orders-api.ts): a small orders app written for the cdk8s-fastapi cluster tier (FastAPI orders.main:app + Celery orders.tasks, PostgreSQL, Redis), on the local python stand-in (Debian python3 3.11.2). Not a real product image."
  --label org.opencontainers.image.base.name="$BASE_REF"
  --label io.cdk8s-fastapi.stand-in=true
)
# What the example runs: uvicorn orders.main:app, celery -A orders.tasks (worker, inspect ping);
# psycopg's bundled libpq must load.
build_standin "$ORDERS_REF" orders orders-1.4.2 requirements.txt sh -c 'command -v uvicorn celery sh >/dev/null &&
  python -c "import orders.main, orders.tasks, psycopg; print(\"orders ok, libpq\", psycopg.pq.version())" &&
  celery -A orders.tasks inspect --help >/dev/null'

STANDIN_LABELS=(
  --label org.opencontainers.image.title=cloud-sql-proxy
  --label org.opencontainers.image.version=2.14.1
  --label "org.opencontainers.image.description=STAND-IN for $CSQL_REF: a Python asyncio TCP forwarder with the real proxy's flags, /liveness /readiness /startup and SIGTERM semantics; no Cloud SQL Admin API, no TLS, no IAM. Instance project:region:name -> <name>.cloudsql-standin.svc.cluster.local:5432 (or CSQL_STANDIN_TARGET=host:port). Built by cdk8s-fastapi verify/cluster/images/build.sh on the local python stand-in."
  --label org.opencontainers.image.base.name="$BASE_REF"
  --label io.cdk8s-fastapi.stand-in=true
)
# The entrypoint runs and parses its flags (it serves nothing in a build: no instance given).
build_standin "$CSQL_REF" cloud-sql-proxy cloud-sql-proxy-2.14.1 "" sh -c \
  'test -x /cloud-sql-proxy && /cloud-sql-proxy --port=5432 --health-check 2>&1 | grep -q "need instance connection names"'
