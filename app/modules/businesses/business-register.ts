/**
 * The business register port, modelled on the National Tax Service's "business registration
 * authenticity and status" service (사업자등록정보 진위확인 및 상태조회): for a registration number, an
 * opening date and a representative's name it answers whether they belong together and, when they
 * do, whether the business is operating, suspended (휴업) or closed (폐업). Pure: the shapes and the
 * reading of an answer; the HTTP adapter is business-register.server.ts.
 */
export type BusinessState = "operating" | "suspended" | "closed";

export interface RegisterQuery {
  /** Ten digits, no hyphens. */
  registrationNumber: string;
  /** YYYY-MM-DD, as the owner gives it. */
  openedOn: string;
  /** The verified person's name (the register compares it with each joint representative). */
  representativeName: string;
}

export type RegisterAnswer =
  | { kind: "match"; state: BusinessState }
  | { kind: "no_match" }
  /** Down, slow, or an answer we cannot read: the owner is told to try later, never a silent pass. */
  | { kind: "unavailable" };

const STATES: Record<string, BusinessState> = { "01": "operating", "02": "suspended", "03": "closed" };

/** The request body of the tax service's validate call for one business. */
export function validateRequest(query: RegisterQuery) {
  return {
    businesses: [
      { b_no: query.registrationNumber, start_dt: query.openedOn.replace(/-/g, ""), p_nm: query.representativeName.normalize("NFKC").trim() },
    ],
  };
}

/** Reads the tax service's validate answer for the business asked about; anything unexpected is "unavailable". */
export function readValidateAnswer(body: unknown, registrationNumber: string): RegisterAnswer {
  if (!body || typeof body !== "object") return { kind: "unavailable" };
  const { status_code, data } = body as { status_code?: unknown; data?: unknown };
  if (status_code !== "OK" || !Array.isArray(data)) return { kind: "unavailable" };
  const item = data.find((d) => d && typeof d === "object" && (d as { b_no?: unknown }).b_no === registrationNumber) as
    { valid?: unknown; status?: { b_stt_cd?: unknown } } | undefined;
  if (!item) return { kind: "unavailable" };
  if (item.valid === "02") return { kind: "no_match" };
  if (item.valid !== "01") return { kind: "unavailable" };
  const state = STATES[String(item.status?.b_stt_cd ?? "")];
  return state ? { kind: "match", state } : { kind: "unavailable" };
}
