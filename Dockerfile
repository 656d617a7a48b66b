# Cepheus: the rules service in one image.
#
#   docker build -t cepheus .
#   docker run -p 8080:8080 -v cepheus-data:/app/data cepheus
#   docker run -p 8080:8080 -v "$PWD/rules:/app/rules" -v cepheus-data:/app/data cepheus
#
# The image holds the example rules of rules/; mount a directory on /app/rules to run your own
# (it is watched for changes). /app/data holds the embedded event log, snapshots and alerts.
# node runs as PID 1 and stops gracefully on SIGTERM (src/main.ts); no init process is needed.

# ---- build: compile the grammar and the TypeScript ---------------------------------------------
FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `prepare` would build before the sources are here: install first, build after
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY grammar/ grammar/
COPY src/ src/
RUN npm run build \
 && test -f dist/src/cli.js \
 && test -f dist/grammar/cepheus.js

# ---- runtime: production dependencies and the build output only --------------------------------
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# no `prepare` here: it would try to build without the sources or the dev tools
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
# dist/ holds the compiled grammar (dist/grammar/) next to the service (dist/src/)
COPY --from=build /app/dist/ dist/
# tsc does not copy the Redis Lua scripts; src/io/redis/scripts.ts looks for them next to itself
COPY --from=build /app/src/io/redis/scripts/ dist/src/io/redis/scripts/
COPY rules/ rules/

# the volumes must belong to the user before they are declared: later changes to them are lost
RUN mkdir -p /app/data && chown -R node:node /app/rules /app/data
USER node

ENV CEPHEUS_HOST=0.0.0.0 \
    CEPHEUS_PORT=8080 \
    CEPHEUS_RULES=/app/rules \
    CEPHEUS_DATA=/app/data
VOLUME ["/app/rules", "/app/data"]
EXPOSE 8080

# slim images have no curl: ask node
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "const r=require('http').get('http://127.0.0.1:'+(process.env.CEPHEUS_PORT||8080)+'/health',(s)=>process.exit(s.statusCode===200?0:1));r.on('error',()=>process.exit(1));r.setTimeout(4000,()=>{r.destroy();process.exit(1)})"

CMD ["node", "dist/src/cli.js", "serve"]
