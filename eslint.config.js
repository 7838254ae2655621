// One lint setup for every package.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/dist/**",
      "prisma/generated/**",
      "**/next-env.d.ts",
      ".device/**",
      ".data/**",
      "tests/test-results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["web/**/*.{ts,tsx}"],
    ignores: ["web/features/*/server/**", "web/lib/auth.ts", "web/test/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@forge/db", message: "Only features/*/server/ touches Prisma.", allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
