# One image for every app: `docker run <image> <app>` (or STS_APP=<app>).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, not npm ci: see scripts/lib/build.mjs (the lockfile lacks other platforms' optional packages).
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# package.json carries the "#contracts"-style import map that dist/ resolves through.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY scripts ./scripts
# The scripts read the app roster and the trust table from their source (plain JavaScript, no build needed).
COPY libs/contracts/src/app-roster.js libs/contracts/src/trust-table.js libs/contracts/src/audit-stream.js ./libs/contracts/src/
# compose's provisioning jobs write the secrets volume here; a fresh named volume takes this owner.
RUN mkdir -p /secrets && chown node:node /secrets && chmod 700 /secrets
USER node
ENTRYPOINT ["node", "scripts/run-app.mjs"]
