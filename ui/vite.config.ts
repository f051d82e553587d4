import { defineConfig } from "vitest/config";

// The window loads the built files from ui/dist through Tauri's asset
// protocol; there is no dev server in the loop. JSX goes through esbuild
// straight to Preact: no framework plugin is needed for that.
export default defineConfig({
  root: ".",
  base: "./",
  clearScreen: false,
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    sourcemap: false,
  },
  test: {
    environment: "happy-dom",
    globals: true,
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    // The palette test reads styles.css as text (?raw) to check it mirrors palette.ts.
    css: { include: [/styles\.css/] },
    // The till is east of its venues' zones: session times must still show
    // in the venue's zone, "cached at" times in the till's.
    env: { TZ: "Asia/Yekaterinburg" },
  },
});
