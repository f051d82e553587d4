// Every test starts on a fake clock with a fresh window and no mocks left
// over from the one before.

import { clearMocks } from "@tauri-apps/api/mocks";

import { unmount } from "./dom";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-11-26T12:00:00Z"));
});

afterEach(() => {
  unmount();
  clearMocks();
  vi.useRealTimers();
  document.body.innerHTML = "";
  delete window.__boxOffice;
});
