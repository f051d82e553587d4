// The line under the order's buttons (#action-result): what the last action
// did, worded when drawn so a language switch rewords it too, with the
// backend's own text folded away in the details.

import type { PrintReport_Serialize } from "../../bindings";
import type { Translator } from "../../i18n";
import { errorMessage, saidAsGiven } from "../../ui/ErrorNote";

export type Tone = "ok" | "wait" | "bad";

export interface ActionResult {
  tone: Tone;
  say(tr: Translator): string;
  details?: string | null;
  /** The details shown open: they say what the words cannot (another counter's print). */
  open?: boolean;
}

export function failed(error: unknown): ActionResult {
  return {
    tone: "bad",
    say: (tr) => errorMessage(tr.t, error),
    details: error instanceof Error ? error.message : String(error),
    open: saidAsGiven(error),
  };
}

export type PrintKind = "print" | "pdf" | "reprint";

/** What a print, a PDF or a reprint did, as one sentence or a few. */
export function printResult(report: PrintReport_Serialize, kind: PrintKind): ActionResult {
  const count = report.copies.length;
  const form = count > 0 && report.copies.every((c) => c.ticketId === null);
  let tone: Tone = "ok";
  // Printed in part counts as printed: the cashier checks what came out.
  const doubtful = report.outcome === "accepted-not-confirmed" || report.outcome === "printed-uncertain";
  if (doubtful || report.alreadyPrinted.length > 0) tone = "wait";
  if (report.outcome === "failed" || report.refused.length > 0) tone = "bad";
  const details = [report.detail, ...report.refused].filter((x): x is string => Boolean(x)).join("\n");
  return {
    tone,
    details: details || null,
    say: ({ t }) => {
      const printer = report.target;
      const what = form ? t("print.theForm") : t("print.tickets", { count });
      const lines: string[] = [];
      switch (report.outcome) {
        case "printed":
          lines.push(t(kind === "reprint" ? "print.reprinted" : "print.printed", { what, printer }));
          break;
        case "accepted-not-confirmed":
          lines.push(t("print.notConfirmed", { what, printer }));
          break;
        case "printed-uncertain":
          lines.push(t("print.uncertain", { what, printer }));
          break;
        case "saved-as-pdf":
          lines.push(t("print.saved", { path: report.pdfPaths.join(", ") }));
          break;
        case "failed":
          lines.push(t("print.failed", { printer }));
          break;
      }
      if (report.alreadyPrinted.length > 0) lines.push(t("print.alreadyPrinted", { count: report.alreadyPrinted.length }));
      if (report.refused.length > 0) lines.push(t("print.refused", { count: report.refused.length }));
      return lines.join(" ");
    },
  };
}
