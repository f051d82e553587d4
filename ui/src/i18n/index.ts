// Every word the window shows goes through `t(key, params)` from here. The
// translator is handed down through a context, so switching the language
// re-renders the whole window with no restart.

import { createContext } from "preact";
import { useContext } from "preact/hooks";

import type { Language } from "../bindings";
import { en, type Messages } from "./en";
import type { Message, Params } from "./message";
import { ru } from "./ru";

export type Key = keyof Messages;

const CATALOGUES: Record<Language, Messages> = { en, ru };

/** The formatting locale of each window language (British English dates). */
const LOCALES: Record<Language, string> = { en: "en-GB", ru: "ru-RU" };

export interface Translator {
  readonly lang: Language;
  readonly locale: string;
  t(key: Key, params?: Params): string;
}

function pick(message: Message, rules: Intl.PluralRules, params: Params | undefined): string {
  if (typeof message === "string") return message;
  const count = params?.count;
  if (typeof count !== "number") return message.other;
  return message[rules.select(count)] ?? message.other;
}

export function translator(lang: Language): Translator {
  const locale = LOCALES[lang];
  const catalogue = CATALOGUES[lang];
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  return {
    lang,
    locale,
    t(key, params) {
      const text = pick(catalogue[key], rules, params);
      if (!params) return text;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = params[name];
        if (value === undefined) return whole;
        return typeof value === "number" ? numbers.format(value) : value;
      });
    },
  };
}

export const I18n = createContext<Translator>(translator("en"));

export function useT(): Translator {
  return useContext(I18n);
}
