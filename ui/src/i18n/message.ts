// The shape of one catalogue entry: a plain string with `{name}`
// placeholders, or a plural set chosen by `Intl.PluralRules` on `count`
// (English needs one/other, Russian one/few/many/other).

export interface Plural {
  zero?: string;
  one: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type Message = string | Plural;

export type Params = Record<string, string | number>;
