"""The baseline of every ratio in the benchmark: a bare FastAPI app on the same uvicorn settings,
as ../shared/bench/baselines/hello_app.py (async handlers, no response model) on the same paths."""

import sys

import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
@app.get("/api/v1/customers/me/calls")
async def hello():  # type: ignore[no-untyped-def]  # as the shared baseline: no response model
    return {"hello": "world"}


@app.get("/api/v1/customers/me/calls/{call_id}")
async def hello_item(call_id: str):  # type: ignore[no-untyped-def]
    return {"hello": "world"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
