# One image for web and worker; docker-compose.yml picks the command. GPU nodes need the NVIDIA container
# toolkit; the worker finds the GPU through Vulkan (the driver's ICD is injected by the toolkit).
FROM node:20-bookworm-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends libvulkan1 mesa-vulkan-drivers ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY web/package.json web/
COPY workers/package.json workers/
COPY workers/core/package.json workers/core/
COPY kernels/package.json kernels/
COPY kernels/spec/package.json kernels/spec/
COPY prisma/package.json prisma/
COPY tests/package.json tests/
RUN npm ci --no-audit --no-fund
COPY . .
RUN node prisma/scripts/prisma.mjs generate && npx turbo run build --filter=@forge/web
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
