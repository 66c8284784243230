# syntax=docker/dockerfile:1

# --- build: compile TypeScript and the native SQLite binding -------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
# The build compiles the bench, which drives the bot through the test doubles.
COPY test/support ./test/support
# `npm ci` runs the `prepare` script, which builds dist/.
RUN npm ci && npm prune --omit=dev

# --- runtime: production dependencies, compiled code, knowledge ------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    KNOWLEDGE_DIR=/app/knowledge \
    STATE_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The recap is baked in; mount another folder over /app/knowledge to replace it.
COPY knowledge ./knowledge
RUN mkdir -p /data && chown node:node /data
# The base image's `node` user, by number: Kubernetes' runAsNonRoot can only
# verify a numeric user (deploy/kubernetes runs it as 1000 too).
USER 1000:1000
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
