# pmmaturity's image. It serves with gunicorn by default; the same image runs the background
# worker and the migrations with another command (compose.yaml; README, "Deploying"):
#   docker build -t pmmaturity .
#   docker run --env-file deploy.env -p 8000:8000 pmmaturity
#   docker run --env-file deploy.env --no-healthcheck pmmaturity python manage.py worker --queue-name '*' --no-reload
# Debian bookworm, the release CI runs on: Chromium and the fonts that print PDFs are the ones
# the test suite checked.

# --- front-end assets: Bootstrap from npm and our plotly.js bundles (Makefile's `assets`) --------
FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY pmmaturity/assets/ pmmaturity/assets/
RUN npm run --silent build

# --- the app ------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# Chromium prints report PDFs (PDF_CHROMIUM, /usr/bin/chromium); Liberation Sans is in the
# pages' font stack; Noto Color Emoji prints the emoji people write (as .ci/run installs).
# Debian's stable archive keeps one version of each, with its security fixes: pinning one
# would break the build at the next fix.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

# The processes run as "app"; the code and the collected static files stay root's, read-only.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home \
        --shell /usr/sbin/nologin app

WORKDIR /app

# The dependencies first, so a change to the code reuses this layer. pyproject.toml declares
# no packages (the code runs from /app), so it installs alone; no dev extras.
COPY pyproject.toml ./
RUN pip install .

# Only the front-end files the app serves (pmmaturity/vendor.py), not the whole node_modules.
COPY --from=assets /build/node_modules/bootstrap/dist/ node_modules/bootstrap/dist/
COPY --from=assets /build/node_modules/.pmbuild/ node_modules/.pmbuild/
COPY . .

# Static files with the production profile's storage (hashed, compressed names), collected
# here once rather than by every container. The profile needs a secret, hosts and a database
# address to load; the secret is a placeholder that only collectstatic accepts
# (pmmaturity/settings.py), and nothing reaches the database. tests/test_deploy.py runs this
# very command. var/ is where local files go when no bucket is configured.
RUN DEBUG=false \
    SECRET_KEY=build-only-placeholder-for-collectstatic-refused-by-every-other-command \
    ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build@build.invalid/build \
    python manage.py collectstatic --no-input -v 0 \
    && python -m compileall -q . \
    && install -d -o app -g app var

# Numeric, so a host or Kubernetes (runAsNonRoot) can tell it is not root.
USER 10001:10001
ENV DEBUG=false
EXPOSE 8000

# Healthy while gunicorn answers /healthz/ and reaches the database (pmmaturity/healthcheck.py).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "pmmaturity.healthcheck"]

# Worker heartbeat files in memory, not on the container's overlay disk (gunicorn's advice).
CMD ["gunicorn", "-c", "pmmaturity/gunicorn_conf.py", "pmmaturity.wsgi", \
     "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm"]
