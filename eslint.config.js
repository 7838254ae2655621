// One lint setup for every package, run by turbo in each (`npm run lint`). TypeScript is linted with type
// information (each file's nearest tsconfig, through the project service); plain JavaScript without it.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const TESTS = [
  "**/*.test.ts",
  "**/*.spec.ts",
  "**/test/**",
  "tests/**",
  "**/testing.ts",
  "**/experiment-fixtures.ts",
];

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
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unnecessary-condition": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      // Configuration is parsed once, with zod, in each package's env module; everything else gets it passed in.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration in the package's env module." },
      ],
    },
  },
  {
    // Numeric kernels index arrays whose lengths the shape arithmetic has just established, and tests and
    // benchmarks read what they have just written: there a non-null assertion states a fact no type can carry.
    files: ["kernels/src/**", "kernels/scripts/**", "**/bench/**", ...TESTS],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    // Env modules, launchers (scripts/, tool configs) and test harnesses are where configuration comes in.
    files: [
      "**/env.ts",
      "**/*.config.{ts,mjs}",
      "**/scripts/**",
      "**/bench/**",
      "**/seed/main.ts",
      "**/seed/queue-open-checks.ts",
      "**/instrumentation.ts",
      ...TESTS,
    ],
    rules: { "no-restricted-properties": "off" },
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
  { files: ["**/*.{js,mjs,cjs}"], ...tseslint.configs.disableTypeChecked },
);
