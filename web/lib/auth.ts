import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import { getPrisma } from "@forge/db";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { authorizeCredentials } from "@/features/auth/server/authorize-credentials";
import { handleFromEmail } from "@/features/auth/handle";
import { headers } from "next/headers";
import { userIdForApiToken } from "@/features/auth/server/api-tokens";
import { env } from "./env";

function forgeAdapter(): Adapter {
  const prisma = getPrisma();
  const base = PrismaAdapter(prisma);
  return {
    ...base,
    // Our users carry a unique handle, which OAuth profiles do not provide.
    createUser: async (data: Parameters<NonNullable<Adapter["createUser"]>>[0]) => {
      const email = data.email.toLowerCase();
      const user = await prisma.user.create({
        data: { ...data, email, handle: await uniqueHandle(handleFromEmail(email)) },
      });
      return { ...user, emailVerified: user.emailVerified };
    },
  };
}

async function uniqueHandle(wanted: string): Promise<string> {
  const prisma = getPrisma();
  for (let suffix = 0; ; suffix++) {
    const handle = suffix === 0 ? wanted : `${wanted}-${suffix}`;
    if (!(await prisma.user.findUnique({ where: { handle } }))) return handle;
  }
}

export function authOptions(): NextAuthOptions {
  const config = env();
  return {
    secret: config.NEXTAUTH_SECRET,
    adapter: forgeAdapter(),
    // Credentials sign-in needs JWT sessions in next-auth v4.
    session: { strategy: "jwt" },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        authorize: (credentials) => authorizeCredentials(credentials),
      }),
      ...(config.GITHUB_ID && config.GITHUB_SECRET
        ? [GitHubProvider({ clientId: config.GITHUB_ID, clientSecret: config.GITHUB_SECRET })]
        : []),
    ],
    callbacks: {
      // next-auth types the user as always there, but it comes only with the sign-in itself.
      jwt: ({ token, user }: { token: JWT; user?: { id: string } }) => {
        if (user) token.sub = user.id;
        return token;
      },
      session: ({ session, token }) => {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}

export const githubSignInEnabled = () => Boolean(env().GITHUB_ID);

/**
 * The caller's user id, or null: a personal API token (`Authorization: Bearer forge_...`) for scripts, else
 * the next-auth session. Every role check starts here, on the server.
 */
export async function currentUserId(): Promise<string | null> {
  const authorization = (await headers()).get("authorization");
  if (authorization?.startsWith("Bearer "))
    return userIdForApiToken(authorization.slice("Bearer ".length).trim());
  const session = await getServerSession(authOptions());
  return (session?.user as { id?: string } | undefined)?.id ?? null;
}
