# syntax=docker/dockerfile:1
# newsflow: one image for the API + dashboard (`start --stages none`) and every stage worker
# (`worker <stage>`). Multi-stage: sources and compilers stay in the build stages; the runtime
# image holds Node, production dependencies and compiled JavaScript, and runs as a non-root user.
#
#   docker build -t newsflow .
#   docker run --rm -e REDIS_URL=redis://redis:6379 newsflow worker parse
# Node 22, a maintained LTS line (20 reached end of life in April 2026); `npm run test:lts` runs the
# built CLI on 22 and 24. Override with --build-arg NODE_IMAGE=node:24-bookworm-slim.
ARG NODE_IMAGE=node:22-bookworm-slim

# --- package manifests only, so dependency layers stay cached while sources change -------------
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY packages packages
RUN find packages -mindepth 2 -maxdepth 2 ! -name package.json -exec rm -rf {} +

# --- compile TypeScript -------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=manifests /src/packages packages
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json ./
COPY packages packages
COPY deploy/docker/collect-runtime.mjs deploy/docker/
RUN npx tsc -b && node deploy/docker/collect-runtime.mjs . /out

# --- production dependencies of the CLI (and the workspace packages it uses) only -----------------
FROM ${NODE_IMAGE} AS prod-deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=manifests /src/packages packages
RUN npm ci --omit=dev --no-audit --no-fund -w @newsflow/cli \
 && npm cache clean --force

# --- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NEWSFLOW_HOME=/app/.newsflow \
    SQLITE_PATH=/app/data/newsflow.db \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /out/packages packages
COPY package.json ./
COPY examples examples
# The sink's SQLite file and run state live in volumes owned by the unprivileged `node` user (uid 1000).
RUN mkdir -p /app/data /app/.newsflow && chown node:node /app/data /app/.newsflow
USER node
VOLUME ["/app/data"]
EXPOSE 8080
# No HEALTHCHECK here: workers serve no HTTP. Compose and Kubernetes probe /healthz and /readyz of the API.
ENTRYPOINT ["node", "packages/cli/dist/main.js"]
CMD ["start"]
