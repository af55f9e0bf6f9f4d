/**
 * The payee check's HTTP adapter: POST {PAYEE_CHECK_URL}/api/v1/account-holder with the bank code and
 * the account number (a real deployment points PAYEE_CHECK_URL at the banks' inquiry service or a
 * gateway that signs the call; the local bank is tools/fake-bank). A timeout, a refused connection,
 * a non-200 status or an unreadable body all answer "unavailable".
 */
import { payeeCheckUrl } from "~/shared/env.server";
import { getLogger } from "~/shared/logger.server";
import { inquiryRequest, readInquiryAnswer, type PayeeAnswer, type PayeeQuery } from "./payee-check";

export const PAYEE_CHECK_TIMEOUT_MS = 5_000;

export type PayeeCheck = (query: PayeeQuery) => Promise<PayeeAnswer>;

export async function checkPayee(
  query: PayeeQuery,
  { baseUrl = payeeCheckUrl(), timeoutMs = PAYEE_CHECK_TIMEOUT_MS }: { baseUrl?: string; timeoutMs?: number } = {},
): Promise<PayeeAnswer> {
  const url = new URL("api/v1/account-holder", baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(inquiryRequest(query)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status !== 200) {
      getLogger().warn({ status: res.status }, "payee check answered with an error");
      return { kind: "unavailable" };
    }
    return readInquiryAnswer(await res.json().catch(() => null));
  } catch (error) {
    // Never the account number in the log.
    getLogger().warn({ err: (error as Error).name }, "payee check unreachable");
    return { kind: "unavailable" };
  }
}
