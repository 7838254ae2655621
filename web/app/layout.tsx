import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getCurrentUser } from "@/features/auth/server/get-current-user";
import { SignOutButton } from "@/features/auth/components/sign-out-button";
import { Providers } from "./providers";
import "./globals.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Forge",
  description: "Open model development: proposals with evidence",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  return (
    <html lang="en">
      <body>
        <Providers>
          <header className="topbar">
            <Link href="/" className="brand">
              ⚒ Forge
            </Link>
            <nav>
              <Link href="/">Projects</Link>
              <Link href="/operator">Operator</Link>
              <Link href="/api-docs">API</Link>
            </nav>
            {user ? (
              <span className="row">
                <span className="muted" data-testid="signed-in-as">
                  {user.handle}
                </span>
                <SignOutButton />
              </span>
            ) : (
              <Link href="/signin">Sign in</Link>
            )}
          </header>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
