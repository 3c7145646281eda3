# The gateway runs TypeScript directly on Node 24 (type stripping): no build step, so the
# image is the production dependencies plus src/ and schema/. No `# syntax=` line: the
# Dockerfile uses nothing beyond the builder's built-in syntax, so an offline host builds it.

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; dependencies' install scripts are not needed.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
# The application belongs to root and is read-only to the `node` user the process runs as:
# a compromised process cannot rewrite its own code or dependencies (it writes no files).
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY schema ./schema
COPY src ./src
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM directly. The drain is bounded to end inside
# `docker stop`'s 10 s grace with the default settings (see docs: SHUTDOWN_TIMEOUT_MS).
CMD ["node", "src/main.ts"]
