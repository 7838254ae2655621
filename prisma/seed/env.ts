// The demo seed's configuration, from this process's environment.
import { z } from "zod";

/** The local demo's well-known password unless FORGE_DEMO_PASSWORD says otherwise (empty counts as unset). */
export const readDemoPassword = (): string =>
  z.string().catch("").parse(process.env.FORGE_DEMO_PASSWORD) || "forge-demo";
