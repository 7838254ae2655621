import { z } from "zod";

export const ZLedgerMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month like 2026-11")
  .optional();
