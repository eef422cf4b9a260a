# syntax=docker/dockerfile:1

# The Node.js LTS line the image ships. CI runs the whole test suite on this line as well as on the machine's
# Node (.ci/run reads it from here), so change it here only.
ARG NODE_VERSION=24

# ---- build: compilers for better-sqlite3's native addon live only here ----
FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
RUN npm run build && npm prune --omit=dev

# ---- runtime: production dependencies and compiled output only ----
FROM node:${NODE_VERSION}-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    DATABASE_PATH=/app/data/db/stepwise.sqlite \
    HEALTH_PORT=8080
WORKDIR /app
# node_modules carries what charts need at run time: Skia prebuilt for this platform's glibc
# (@napi-rs/canvas-linux-*-gnu, needing only libc) and the font files (@fontsource/inter): the slim image has no fonts.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Roadmap and question content ship with the image; the database gets its own volume beneath data/
# so mounting it never hides the content (and an upgrade brings new content).
COPY data ./data
RUN mkdir -p /app/data/db && chown -R node:node /app/data/db
USER node
VOLUME ["/app/data/db"]
EXPOSE 8080
# The bot's own health endpoint: gateway ready and database answering.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini is PID 1 so SIGTERM from `docker stop` reaches Node and the bot shuts down cleanly.
ENTRYPOINT ["/usr/bin/tini", "--"]
# Same flags as `npm start`: a smaller young generation keeps RSS under 150 MB (see README, Performance).
CMD ["node", "--max-semi-space-size=8", "dist/src/index.js"]
