# syntax=docker/dockerfile:1
# Nazr: TypeScript runs directly on Node 24 (type stripping), so the image needs no build output, only checked sources.

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The lockfile names the sandbox workspace; npm ci needs its manifest even though the image leaves the sandbox out.
COPY packages/bot-api-sandbox/package.json packages/bot-api-sandbox/
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-slim AS check
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/bot-api-sandbox/package.json packages/bot-api-sandbox/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run typecheck

FROM node:24-slim AS runtime
# MALLOC_ARENA_MAX: glibc's per-thread malloc arenas hold freed memory apart; two keep the bot's RSS near its heap.
ENV NODE_ENV=production \
    DATA_DIR=/app/data \
    PORT=8080 \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=check /app/package.json ./
COPY --from=check /app/src ./src
COPY --from=check /app/locales ./locales
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# V8 sizes its heap for the machine (up to four times what is live, with a large young generation): a 5,000-card
# broadcast peaked at 420-550 MB resident with about 90 MB live. A bound on the old generation makes it grow by less
# (1,024 MB is still far above the largest live heap measured, 185 MB of match index at 100,000 volunteers), and a
# smaller young generation does the rest: 250-260 MB, at no throughput measurable on a 2-core machine.
# bench/support/bot-process.ts starts the benches' bots with the same flags.
CMD ["node", "--max-old-space-size=1024", "--max-semi-space-size=8", "src/main.ts"]
