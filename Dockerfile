# syntax=docker/dockerfile:1
#
# The service in a small image: built in one stage, run from another with only the compiled code,
# the production dependencies, the knowledge base and the locales, as the unprivileged `node` user.
#
#   docker build -t cizinci-assistant .                          # the service (no browser)
#   docker build -t cizinci-assistant:wweb --target whatsapp-web .  # plus Chromium, for WHATSAPP_MODE=web
#
# State lives in Redis (REDIS_URL) or, without it, in the SQLite file under /data (a volume).

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: every dependency, the TypeScript build and the browser bundles -------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 ships prebuilt binaries; these compile it where none fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# whatsapp-web.js depends on puppeteer: never download its browser (Debian's Chromium is used).
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- base: what every runtime image has --------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    PUPPETEER_SKIP_DOWNLOAD=true
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node knowledge-base ./knowledge-base
COPY --chown=node:node locales ./locales
USER node
VOLUME ["/data"]
EXPOSE 3000
# /healthz: the process answers (the proxy asks /readyz, which also checks the store). No curl in
# the slim image: Node's own fetch does it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains turns in flight (SHUTDOWN_TIMEOUT_MS) before the process exits.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/server.js"]

# --- whatsapp-web: the base plus Debian's Chromium, for whatsapp-web.js (WHATSAPP_MODE=web) -------
FROM base AS whatsapp-web
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*
USER node
ENV WHATSAPP_MODE=web \
    WHATSAPP_CHROMIUM_PATH=/usr/bin/chromium

# --- runtime (the default target): the service without a browser --------------------------------
FROM base AS runtime
