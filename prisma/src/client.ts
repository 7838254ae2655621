import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/client";

export function createPrismaClient(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}

const globalForPrisma = globalThis as unknown as { forgePrisma?: PrismaClient };

/** One client per process (Next.js dev reloads modules; the global keeps the pool). */
export function getPrisma(): PrismaClient {
  if (!globalForPrisma.forgePrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    globalForPrisma.forgePrisma = createPrismaClient(url);
  }
  return globalForPrisma.forgePrisma;
}
