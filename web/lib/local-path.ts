/**
 * Where to go after sign-in: the path of `target` when it stays on this site, else "/". Parsed as a URL rather
 * than checked by prefix, because browsers read "/\\evil.com" and "/\t/evil.com" (a decoded /%09/evil.com) as other sites.
 */
export function localPath(target: string | undefined): string {
  if (!target) return "/";
  const origin = "http://forge.invalid";
  try {
    const url = new URL(target, origin);
    return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
