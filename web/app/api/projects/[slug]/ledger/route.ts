import { z } from "zod";
import { projectRoute } from "@/lib/api";
import { ZLedgerMonth } from "@/features/ledger/schemas";
import { getLedger } from "@/features/ledger/server/get-ledger";

export const dynamic = "force-dynamic";

/** GPU-seconds for a calendar month: ?month=2026-11 (default: this month, UTC). */
export const GET = projectRoute({ action: "project.read" }, ({ request, access }) => {
  const { month } = z
    .object({ month: ZLedgerMonth })
    .parse({ month: request.nextUrl.searchParams.get("month") ?? undefined });
  return getLedger({ access, month });
});
