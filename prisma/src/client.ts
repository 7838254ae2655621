import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/client";
import { readDatabaseUrl } from "./env";

export function createPrismaClient(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}

const globalForPrisma = globalThis as unknown as { forgePrisma?: PrismaClient };

/** One client per process (Next.js dev reloads modules; the global keeps the pool). */
export function getPrisma(): PrismaClient {
  if (!globalForPrisma.forgePrisma) {
    globalForPrisma.forgePrisma = createPrismaClient(readDatabaseUrl());
  }
  return globalForPrisma.forgePrisma;
}

/**
 * Whether a transaction was rolled back because a concurrent one won (serialization failure or deadlock): it is
 * safe to run again. Prisma reports it as P2034, or, from a raw query through the pg adapter, as P2010 with the
 * adapter's TransactionWriteConflict.
 */
export function isWriteConflict(error: unknown): boolean {
  const known = error as {
    code?: string;
    meta?: { driverAdapterError?: { cause?: { kind?: string } } };
  } | null;
  return (
    known?.code === "P2034" || known?.meta?.driverAdapterError?.cause?.kind === "TransactionWriteConflict"
  );
}
