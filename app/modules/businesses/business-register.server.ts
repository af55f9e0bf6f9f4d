/**
 * The business register's HTTP adapter: POST {BUSINESS_REGISTER_URL}/api/nts-businessman/v1/validate,
 * the tax service's path and body (a real deployment points BUSINESS_REGISTER_URL at the service or
 * at a gateway that adds its service key; the local register is tools/business-register). A timeout,
 * a refused connection, a non-200 status or an unreadable body all answer "unavailable".
 */
import { businessRegisterUrl } from "~/shared/env.server";
import { getLogger } from "~/shared/logger.server";
import { readValidateAnswer, validateRequest, type RegisterAnswer, type RegisterQuery } from "./business-register";

export const REGISTER_TIMEOUT_MS = 5_000;

export async function checkBusinessRegister(
  query: RegisterQuery,
  { baseUrl = businessRegisterUrl(), timeoutMs = REGISTER_TIMEOUT_MS }: { baseUrl?: string; timeoutMs?: number } = {},
): Promise<RegisterAnswer> {
  const url = new URL("api/nts-businessman/v1/validate", baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(validateRequest(query)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status !== 200) {
      getLogger().warn({ status: res.status }, "business register answered with an error");
      return { kind: "unavailable" };
    }
    return readValidateAnswer(await res.json().catch(() => null), query.registrationNumber);
  } catch (error) {
    // Never the query in the log: it holds a person's name.
    getLogger().warn({ err: (error as Error).name }, "business register unreachable");
    return { kind: "unavailable" };
  }
}
