import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/features/api-docs/openapi";

export const GET = () => NextResponse.json(buildOpenApiDocument());
