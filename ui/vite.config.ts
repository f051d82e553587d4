import { defineConfig } from "vitest/config";

// The window loads the built files from ui/dist through Tauri's asset
// protocol; there is no dev server in the loop.
export default defineConfig({
  root: ".",
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    sourcemap: false,
  },
  test: {
    environment: "happy-dom",
    globals: true,
    include: ["src/**/*.test.ts"],
  },
});
