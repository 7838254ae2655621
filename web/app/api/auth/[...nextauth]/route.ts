import NextAuth from "next-auth";
import { declareRoute } from "@/lib/api";
import { authOptions } from "@/lib/auth";

// next-auth's own sign-in, callback and session endpoints.
const handler = declareRoute("auth.sign-in", (request, params) =>
  NextAuth(authOptions())(request, { params: Promise.resolve(params) }),
);

export { handler as GET, handler as POST };
