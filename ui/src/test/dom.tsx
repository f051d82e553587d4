// Mounting the window and driving it as a cashier would: keys, clicks and
// typing, with Preact's `act` flushing renders and effects, and fake timers
// so debounces and polls run on the test's clock.

import { render } from "preact";
import { act } from "preact/test-utils";

import { App } from "../app/App";

let root: HTMLElement | null = null;

export async function mount(): Promise<HTMLElement> {
  root = document.createElement("div");
  document.body.append(root);
  await act(() => {
    render(<App />, root as HTMLElement);
  });
  await settle();
  return root;
}

export function unmount(): void {
  if (root) {
    render(null, root);
    root.remove();
    root = null;
  }
}

/** Lets `ms` of fake time pass, and every answer and render that follows. */
export async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(i === 0 ? ms : 0);
    });
  }
}

export function $(selector: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  return el;
}

export function $$(selector: string): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(selector)];
}

export function text(selector: string): string {
  return $(selector).textContent ?? "";
}

export async function click(selector: string | HTMLElement): Promise<void> {
  const el = typeof selector === "string" ? $(selector) : selector;
  await act(() => {
    el.click();
  });
  await settle();
}

export async function type(selector: string, value: string): Promise<void> {
  const el = $(selector) as HTMLInputElement;
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

export async function choose(selector: string, value: string): Promise<void> {
  const el = $(selector) as HTMLSelectElement | HTMLInputElement;
  await act(() => {
    if (el instanceof HTMLInputElement && el.type === "checkbox") el.checked = !el.checked;
    else el.value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await settle();
}

export async function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.activeElement ?? document.body): Promise<void> {
  await act(() => {
    target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init }));
  });
  await settle();
}
