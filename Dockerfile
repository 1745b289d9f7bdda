# syntax=docker/dockerfile:1
# PartnerOS in a container: `docker build -t partneros .`, or `docker compose up` with compose.yml.
# Two stages: the first compiles the SQLite driver, the second runs the app without a compiler.

ARG NODE_VERSION=20

# --- build: install the runtime dependencies, compiling better-sqlite3 from source -------------
FROM node:${NODE_VERSION}-bookworm-slim AS build
# better-sqlite3 12 builds its native module with node-gyp; nothing prebuilt is fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Compile from source rather than try a prebuilt download, and use this image's own Node headers
# so node-gyp needs no download either.
ENV npm_config_build_from_source=true \
    npm_config_nodedir=/usr/local
COPY package.json package-lock.json .npmrc ./
# tsx is a runtime dependency (the app runs its TypeScript source), so --omit=dev keeps it.
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# --- runtime -------------------------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    PARTNEROS_DB=/data/partneros.db
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json package-lock.json ./
COPY --chown=node:node src ./src
COPY --chown=node:node migrations ./migrations
COPY --chown=node:node templates ./templates
COPY --chown=node:node playbooks ./playbooks
COPY --chown=node:node partneros.example.yml manifest.yml ./
# The SQLite file (and its -wal and -shm files) live on a volume owned by the unprivileged user;
# a named volume mounted here starts with this ownership.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# Healthy once migrations are applied and requests are served (GET /healthz answers 200); node's
# own fetch does the check, so the image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs (tsx src/index.ts), as one node process: SIGTERM reaches the app itself,
# which stops within 15 s, instead of going through npm.
CMD ["node", "--import", "tsx", "src/index.ts"]
