"""Locust load profile for the example API.

Bounded headless run (what verify/fastapi/ci.sh does, against a server on loopback):
    locust -f app/locustfile.py --headless -u 10 -r 10 -t 5s \
        --host http://127.0.0.1:8080 --csv build/e2e/locust --only-summary
"""

from __future__ import annotations

import random

from locust import HttpUser, between, task


class ApiUser(HttpUser):
    wait_time = between(0.01, 0.05)

    @task(5)
    def get_item(self) -> None:
        item_id = random.randint(1, 3)
        with self.client.get(f"/api/items/{item_id}", name="/api/items/[id]", catch_response=True) as resp:
            if resp.status_code != 200 or resp.json().get("id") != item_id:
                resp.failure(f"unexpected response {resp.status_code}: {resp.text[:200]}")

    @task(3)
    def hello(self) -> None:
        self.client.get("/api/hello", params={"name": "locust"}, name="/api/hello")

    @task(1)
    def missing_item(self) -> None:
        # A 404 is the correct answer here, so it is not a failure.
        with self.client.get("/api/items/999", name="/api/items/[missing]", catch_response=True) as resp:
            if resp.status_code == 404:
                resp.success()
            else:
                resp.failure(f"expected 404, got {resp.status_code}")

    @task(1)
    def probes(self) -> None:
        self.client.get("/healthz", name="/healthz")
        self.client.get("/readyz", name="/readyz")
