# Mirror of examples/minimal.ts: one FastAPI service with every default.
from cdk8s import App, Chart
from cdk8s_fastapi import FastApiService

app = App()
chart = Chart(app, "hello")
FastApiService(
    chart, "hello",
    image="registry.example.com/hello:1.0.0",  # pinned: untagged and :latest images are rejected
    asgi_app="hello.main:app",  # uvicorn import string; the default is main:app
)
app.synth()
