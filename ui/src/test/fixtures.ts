// Backend answers for the tests, shaped as the generated bindings say the
// Rust side serialises them. Each takes overrides for what a test is about.

import type {
  AppStatus_Serialize,
  Conflict_Serialize,
  Entry_Serialize,
  Found_Serialize,
  Operator_Serialize,
  OrderSummary_Serialize,
  OrderView_Serialize,
  PlatformLink_Serialize,
  PrintReport_Serialize,
  PrintRecord_Serialize,
  SiteStatus_Serialize,
  TicketLine_Serialize,
} from "../bindings";

export const manager: Operator_Serialize = { id: 1, name: "Demo Manager", role: "manager", training: true, lockedUntil: null };
export const cashier: Operator_Serialize = { id: 2, name: "Demo Cashier", role: "cashier", training: true, lockedUntil: null };

export function status(over: Partial<AppStatus_Serialize> = {}): AppStatus_Serialize {
  return {
    version: "0.1.0",
    training: true,
    sandboxUrl: "http://127.0.0.1:9",
    dataDir: "/var/lib/box-office",
    orderCount: 3,
    startupError: null,
    language: "en",
    needsFirstManager: false,
    signedIn: cashier,
    idleLockMinutes: 5,
    printer: "boca-1",
    stock: "boca",
    workstation: "till-1",
    links: [],
    connected: ["vista", "paciolan", "afisha"],
    ...over,
  };
}

export function summary(over: Partial<OrderSummary_Serialize> = {}): OrderSummary_Serialize {
  return {
    platform: "afisha",
    id: "AF-1001",
    number: "1001-5521",
    status: "completed",
    eventName: "Бриллиантовая рука",
    sessionStart: "2026-11-26T16:30:00Z",
    timeZone: "Europe/Moscow",
    zoneName: "MSK",
    allDay: false,
    customerName: "Анна Щербакова",
    ticketCount: 2,
    profile: "training",
    completion: null,
    cachedAt: "2026-11-26T11:03:00Z",
    matchedBy: null,
    ...over,
  };
}

export function found(orders: OrderSummary_Serialize[], over: Partial<Found_Serialize> = {}): Found_Serialize {
  return { orders, exact: false, truncated: false, ...over };
}

export function ticket(over: Partial<TicketLine_Serialize> = {}): TicketLine_Serialize {
  return {
    id: "T1",
    seat: { admission: false, section: null, row: "5", place: "11" },
    seatText: "Row 5, Seat 11",
    category: "Стандарт",
    price: "495,00 ₽",
    symbology: "EAN_13",
    state: "valid",
    printable: true,
    copies: 0,
    refusal: null,
    ...over,
  };
}

export function view(over: Partial<OrderView_Serialize> = {}): OrderView_Serialize {
  return {
    platform: "afisha",
    id: "AF-1001",
    number: "1001-5521",
    ids: { orderNumber: "1001-5521", codeWord: "ЁЛКА", transactionNumber: null, processId: null, listingId: null },
    status: "completed",
    platformStatus: "APPROVED",
    orderType: null,
    eventName: "Бриллиантовая рука",
    rating: "12+",
    venue: "Октябрь — Зал 1",
    session: "Thu 26 Nov 2026, 19:30 MSK",
    timeZone: "Europe/Moscow",
    customer: "Анна Щербакова",
    total: "990,00 ₽",
    attachment: "TICKETS",
    partnerComment: null,
    items: [],
    failedGroups: [],
    tickets: [ticket(), ticket({ id: "T2", seat: { admission: false, section: null, row: "5", place: "12" }, seatText: "Row 5, Seat 12" })],
    printableCount: 2,
    unprintedCount: 2,
    formCopies: 0,
    completion: null,
    canComplete: false,
    canRefresh: true,
    expiresAt: null,
    source: { live: false, cachedAt: "2026-11-26T11:03:00Z" },
    elsewhere: null,
    ...over,
  };
}

/** A Vista order waiting to be completed. */
export function vistaView(over: Partial<OrderView_Serialize> = {}): OrderView_Serialize {
  return view({
    platform: "vista",
    id: "VS-2001",
    number: "VS-2001",
    ids: { orderNumber: null, codeWord: null, transactionNumber: null, processId: null, listingId: null },
    status: "inProgress",
    canComplete: true,
    canRefresh: false,
    ...over,
  });
}

export function entry(over: Partial<Entry_Serialize> = {}): Entry_Serialize {
  return {
    id: 1,
    platform: "vista",
    orderId: "VS-2001",
    profile: "training",
    requestId: "9f1c2d3e-0000-4000-8000-000000000001",
    state: "sending",
    processId: null,
    attempts: 1,
    polls: 0,
    message: null,
    httpStatus: null,
    errorType: null,
    errorCode: null,
    operator: "Demo Cashier",
    workstation: "till-1",
    running: true,
    createdAt: "2026-11-26T12:00:00Z",
    sentAt: "2026-11-26T12:00:00Z",
    lastPostAt: "2026-11-26T12:00:00Z",
    doubtAt: null,
    retries: 0,
    updatedAt: "2026-11-26T12:00:00Z",
    ...over,
  };
}

export function report(over: Partial<PrintReport_Serialize> = {}): PrintReport_Serialize {
  return {
    outcome: "printed",
    target: "boca-1",
    jobIds: ["42"],
    pdfPaths: [],
    pages: 2,
    copies: [
      { ticketId: "T1", copy: 0, attempt: 10 },
      { ticketId: "T2", copy: 0, attempt: 11 },
    ],
    alreadyPrinted: [],
    refused: [],
    detail: null,
    acceptedAfterMs: 180,
    finishedAfterMs: 420,
    ...over,
  };
}

export function record(over: Partial<PrintRecord_Serialize> = {}): PrintRecord_Serialize {
  return {
    seq: 7,
    at: "2026-11-26T12:04:05Z",
    platform: "afisha",
    orderId: "AF-1001",
    orderNumber: "1001-5521",
    ticketId: "T1",
    operatorId: 2,
    operatorName: "Demo Cashier",
    authorisedById: null,
    authorisedByName: null,
    workstation: "till-1",
    target: "boca-1",
    stock: "boca",
    reprint: 0,
    reason: null,
    reasonNote: null,
    outcome: "printed",
    jobId: "42",
    detail: null,
    resultAt: "2026-11-26T12:04:06Z",
    site: null,
    ...over,
  };
}

export function link(over: Partial<PlatformLink_Serialize>): PlatformLink_Serialize {
  return {
    platform: "afisha",
    reach: "online",
    since: "2026-11-26T09:02:00Z",
    checkedAt: "2026-11-26T11:59:00Z",
    detail: null,
    ...over,
  };
}

/** A ticket printed as the original at two counters while cut off. */
export function conflict(over: Partial<Conflict_Serialize> = {}): Conflict_Serialize {
  return {
    seq: 41,
    platform: "afisha",
    orderNumber: "1001-5521",
    ticketId: "T1",
    counter: "B",
    operator: "Борис",
    at: "2026-11-26T11:40:00Z",
    firstCounter: "A",
    firstAt: "2026-11-26T11:35:00Z",
    ...over,
  };
}

/** A counter joined to a site, reachable unless told otherwise. */
export function siteStatus(over: Partial<SiteStatus_Serialize> = {}): SiteStatus_Serialize {
  return {
    address: "site.cinema.local:5432/box_office",
    counter: "till-1",
    reachable: true,
    unreachableSince: null,
    why: null,
    pending: 0,
    logSeq: 120,
    conflicts: [],
    ...over,
  };
}
