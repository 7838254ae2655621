import { SignInForm } from "@/features/auth/components/sign-in-form";
import { githubSignInEnabled } from "@/lib/auth";
import { localPath } from "@/lib/local-path";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const { callbackUrl } = await searchParams;
  const safeCallback = localPath(callbackUrl);
  return (
    <>
      <h1>Sign in</h1>
      <SignInForm githubEnabled={githubSignInEnabled()} callbackUrl={safeCallback} />
    </>
  );
}
