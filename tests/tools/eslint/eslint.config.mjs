// ESLint for the reader's scripts. They run in the browser as classic scripts (no modules, no build
// step) next to Material's bundle, so the globals are the browser's plus Material's `document$`.
import js from "@eslint/js";
import globals from "globals";

// Run from the project root (`make lint`): with --config, paths are relative to the working folder.
export default [
  { ...js.configs.recommended, files: ["docs/assets/javascripts/**/*.js"] },
  {
    files: ["docs/assets/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, document$: "readonly" },
    },
    rules: {
      // Data values must never reach HTML parsing: the scripts build the DOM with textContent.
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Build nodes with textContent / DOM APIs: data is hostile." },
        { property: "outerHTML", message: "Build nodes with textContent / DOM APIs: data is hostile." },
      ],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      eqeqeq: ["error", "always"],
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
    },
  },
];
