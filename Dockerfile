# One image for every part: the gateway, the four subgraphs and the two stand-ins. Which one a
# container runs is its command (compose.yaml):
#   node dist/gateway/main.js                 (the default)
#   node dist/subgraphs/<name>/main.js        client-records, vouchers, providers, audit
#   node dist/systems/<name>/main.js          the stand-ins: client-record-system, voucher-system
#   node dist/scripts/start.js                the whole stack in one container (a demo)
#
# Build: docker build -t client-plan-graph .

# Node 22: inside every range package.json's `engines` allows and maintained upstream; the
# production dependencies declare at most >=22.15 (see README, "Running in production").
ARG NODE_IMAGE=node:22-slim

# --- build: all dependencies, tsc, the run-time assets --------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies and dist/ only, not root -------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY LICENSE ./
# The processes write nothing in production (secrets and credentials come from the
# environment, data from PostgreSQL); the files stay root's, and the process is not.
USER node
EXPOSE 4000 4001 4002 4003 4004 4101 4102
# Slim images have no curl: Node's own fetch asks /health. HEALTH_PORT names the port when the
# command is not the gateway (compose.yaml sets it per service); the gateway's PORT otherwise.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||process.env.PORT||4000)+'/health').then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"
# The gateway's heap bound: see GATEWAY_NODE_FLAGS in bench/stack.ts (and compose.yaml).
CMD ["node", "--max-old-space-size=1024", "dist/gateway/main.js"]
