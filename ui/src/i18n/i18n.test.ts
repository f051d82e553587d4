// The catalogues: Russian has every English key and the same placeholders,
// every backend error code has a message in both, and plurals follow each
// language's rules.

import bindings from "../bindings.ts?raw";
import { en } from "./en";
import { translator } from "./index";
import type { Message } from "./message";
import { ru } from "./ru";

/** The codes of the `ErrorCode` union, read from the generated bindings. */
function errorCodes(): string[] {
  const union = /export type ErrorCode =([\s\S]*?);/.exec(bindings)?.[1] ?? "";
  return [...union.matchAll(/"([a-z-]+)"/g)].map((m) => m[1] ?? "");
}

function placeholders(m: Message): string[] {
  const texts = typeof m === "string" ? [m] : Object.values(m);
  return [...new Set(texts.flatMap((x) => [...(x ?? "").matchAll(/\{(\w+)\}/g)].map((p) => p[1])))].sort();
}

describe("the catalogues", () => {
  it("have the same keys", () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it("fill in the same placeholders", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      // A Russian button may leave the platform's name out: it needs no declension then.
      const optional = ["platform"];
      const want = placeholders(en[key]).filter((p) => !optional.includes(p));
      const got = placeholders(ru[key]).filter((p) => !optional.includes(p));
      expect({ key, got }).toEqual({ key, got: want });
    }
  });

  it("word every error code of the backend in both languages", () => {
    const codes = errorCodes();
    expect(codes.length).toBeGreaterThanOrEqual(28);
    expect(codes).toContain("needs-manager");
    for (const code of codes) {
      const key = `errors.${code}` as keyof typeof en;
      expect(en[key], `English for ${code}`).toBeTypeOf("string");
      expect(ru[key], `Russian for ${code}`).toBeTypeOf("string");
      expect(ru[key]).not.toBe(en[key]);
    }
  });

  it("give every Russian plural its one, few and many forms", () => {
    for (const [key, m] of Object.entries(ru)) {
      if (typeof m === "string") continue;
      expect({ key, forms: Boolean(m.one && m.few && m.many && m.other) }).toEqual({ key, forms: true });
    }
  });
});

describe("t", () => {
  const tEn = translator("en").t;
  const tRu = translator("ru").t;

  it("chooses the Russian plural: 1 билет, 2 билета, 5 билетов, 21 билет", () => {
    expect(tRu("print.tickets", { count: 1 })).toBe("1 билет");
    expect(tRu("print.tickets", { count: 2 })).toBe("2 билета");
    expect(tRu("print.tickets", { count: 5 })).toBe("5 билетов");
    expect(tRu("print.tickets", { count: 11 })).toBe("11 билетов");
    expect(tRu("print.tickets", { count: 21 })).toBe("21 билет");
    expect(tRu("print.tickets", { count: 24 })).toBe("24 билета");
  });

  it("chooses the English plural", () => {
    expect(tEn("print.tickets", { count: 1 })).toBe("1 ticket");
    expect(tEn("print.tickets", { count: 0 })).toBe("0 tickets");
    expect(tEn("copies.reprinted", { count: 2 })).toBe("Printed + 2 reprints");
    expect(tRu("copies.reprinted", { count: 2 })).toBe("Напечатан + 2 повтора");
  });

  it("fills in the parameters, numbers in the language's grouping", () => {
    expect(tEn("chain.entries", { count: 1234 })).toBe("1,234 entries");
    expect(tRu("chain.entries", { count: 1234 })).toBe("1\u00a0234 записи");
    expect(tEn("counter.noMatch", { query: "X-1" })).toContain("“X-1”");
  });
});
