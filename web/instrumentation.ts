// Runs once when the server starts: bad configuration stops start-up with one line naming the variable.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkStartup } = await import("./lib/startup-check");
  await checkStartup();
}
