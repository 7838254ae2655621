# Sourced: installs npm dependencies when the lockfile changed since the last install, then generates the
# Prisma client. No install script needs to run (npm is told not to, and nothing here depends on one).
if [ ! -f node_modules/.forge-lock-hash ] || [ "$(sha256sum package-lock.json | cut -d' ' -f1)" != "$(cat node_modules/.forge-lock-hash)" ]; then
  echo "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 > node_modules/.forge-lock-hash
fi
node prisma/scripts/prisma.mjs generate > /dev/null
