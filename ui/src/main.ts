// Entry point of the counter window.

import { tauriBackend } from "./api";
import { mountCounter } from "./counter";

const root = document.getElementById("app");
if (root) {
  mountCounter(root, tauriBackend).catch((e: unknown) => console.error(e));
}
