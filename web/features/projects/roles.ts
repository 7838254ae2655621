import type { Role } from "@forge/db";

const RANK: Record<Role, number> = { VIEWER: 0, CONTRIBUTOR: 1, MAINTAINER: 2, ADMIN: 3 };

export const hasRole = (role: Role | null | undefined, needed: Role) =>
  role != null && RANK[role] >= RANK[needed];
