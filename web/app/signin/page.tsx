import { SignInForm } from "@/features/auth/components/sign-in-form";
import { githubSignInEnabled } from "@/lib/auth";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const { callbackUrl } = await searchParams;
  const safeCallback = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <>
      <h1>Sign in</h1>
      <SignInForm githubEnabled={githubSignInEnabled()} callbackUrl={safeCallback} />
    </>
  );
}
