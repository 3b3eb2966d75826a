FROM python:3.12-slim AS build
# Build stage: install mock-pbx and its dependencies into a venv that the runtime stage copies.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY fixtures ./fixtures
COPY mock_pbx ./mock_pbx
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check ".[postgres]" \
 && find /opt/venv -name '__pycache__' -prune -exec rm -rf {} +

FROM python:3.12-slim
# Runtime stage: the venv only, run as an unprivileged user; configure with MOCK_PBX_* variables.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin pbx
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MOCK_PBX_HOST=0.0.0.0 \
    MOCK_PBX_PORT=8000
USER pbx
WORKDIR /home/pbx
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["mock-pbx"]
