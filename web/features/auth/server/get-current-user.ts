import "server-only";
import { getPrisma } from "@forge/db";
import { currentUserId } from "@/lib/auth";

export async function getCurrentUser() {
  const id = await currentUserId();
  if (!id) return null;
  return getPrisma().user.findUnique({
    where: { id },
    select: { id: true, handle: true, name: true, email: true },
  });
}
