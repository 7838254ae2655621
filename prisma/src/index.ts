export { createPrismaClient, getPrisma, isWriteConflict } from "./client";
export * from "../generated/client";
export { hashPassword, verifyPassword } from "./password";
export * from "./artifact-store";
export { JsonColumnError, jsonColumn, type TJsonColumn } from "./json-column";
export * from "./json-columns";
