import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { getEnv } from "~/shared/env.server";
import { particle } from "~/shared/korean";
import { enqueueEmail } from "./email.server";

/**
 * In-app notifications (a count in the header, a list) and their email twin, written in the
 * caller's transaction so neither is lost or sent for a change that rolled back.
 */
export type NotificationKind = "status_changed" | "message_received" | "reply_received" | "payment_failed" | "objection_decided";
/** Kinds written by other services with their own wording (params.text and params.link). */
export type ExtraNotificationKind = "entitlement" | "business_released";

export interface NotificationParams {
  reference: string;
  programmeName: { en: string; ko: string };
  status?: string;
  statusName?: { en: string; ko: string };
  /** The words of a request for information (to the owner) or of the owner's answer (to the caseworker). */
  message?: string;
  /** payment_failed: the bank's result code and its meaning. */
  resultCode?: string;
  resultText?: { en: string; ko: string };
  /** objection_decided: the outcome and the caseworker's reason. */
  objection?: "upheld" | "overturned";
  decisionReason?: string;
  /** For kinds that carry their own words (an entitlement): the message and where it leads. */
  text?: { en: string; ko: string };
  link?: string;
}

const SUBJECTS: Record<NotificationKind, (p: NotificationParams) => string> = {
  status_changed: (p) => `[소상공인 지원 포털] ${p.reference} ${p.statusName?.ko ?? ""} / ${p.reference} is ${p.statusName?.en ?? "updated"}`,
  message_received: (p) => `[소상공인 지원 포털] ${p.reference} 새 메시지 / New message about ${p.reference}`,
  reply_received: (p) => `[소상공인 지원 포털] ${p.reference} 신청인 답변 도착 / The owner answered on ${p.reference}`,
  objection_decided: (p) => `[소상공인 지원 포털] ${p.reference} 이의신청 결과 / Decision on your objection`,
  payment_failed: (p) => `[소상공인 지원 포털] ${p.reference} 지급 실패: 계좌를 확인하세요 / Payment failed: check your account`,
};

function body(kind: NotificationKind, p: NotificationParams, link: string): string {
  if (kind === "objection_decided") {
    const ko =
      p.objection === "overturned"
        ? `${p.programmeName.ko} 신청(${p.reference})에 대한 이의신청이 받아들여져 신청을 다시 검토합니다.`
        : `${p.programmeName.ko} 신청(${p.reference})에 대한 이의신청이 기각되어 원래 결정이 유지됩니다.`;
    const en =
      p.objection === "overturned"
        ? `Your objection about your ${p.programmeName.en} application ${p.reference} was accepted: the application will be reviewed again.`
        : `Your objection about your ${p.programmeName.en} application ${p.reference} was not accepted: the decision stands.`;
    return `${ko}\n${p.decisionReason ?? ""}\n${link}\n\n${en}\n${p.decisionReason ?? ""}\n${link}\n`;
  }
  if (kind === "payment_failed") {
    const ko = `${p.programmeName.ko} 신청(${p.reference})의 지급이 실패했습니다(${p.resultText?.ko ?? p.resultCode}). 지급 계좌를 확인하고 고쳐 주세요. 고친 계좌로 다음 지급 때 다시 보내 드립니다.`;
    const en = `The payment for your ${p.programmeName.en} application ${p.reference} failed (${p.resultText?.en ?? p.resultCode}). Check and correct your payout account; we will pay it into the corrected account in the next batch.`;
    return `${ko}\n${link}\n\n${en}\n${link}\n`;
  }
  const ko =
    kind === "status_changed"
      ? `${p.programmeName.ko} 신청(${p.reference})의 상태가 ‘${p.statusName?.ko ?? ""}’${particle(p.statusName?.ko ?? "", "(으)로")} 바뀌었습니다.`
      : kind === "reply_received"
        ? `${p.programmeName.ko} 신청(${p.reference})에 신청인이 답변했습니다.`
        : `${p.programmeName.ko} 신청(${p.reference})에 담당자 메시지가 도착했습니다.`;
  const en =
    kind === "status_changed"
      ? `Your ${p.programmeName.en} application ${p.reference} is now ${p.statusName?.en}.`
      : kind === "reply_received"
        ? `The owner answered your request about ${p.programmeName.en} application ${p.reference}.`
        : `A caseworker sent you a message about your ${p.programmeName.en} application ${p.reference}.`;
  // What was asked (or answered) stands in the email itself, so nobody has to sign in to read it.
  const quoted = p.message ? `\n\n${kind === "reply_received" ? "신청인 답변" : "담당자 요청 내용"}:\n${p.message}` : "";
  const quotedEn = p.message ? `\n\n${kind === "reply_received" ? "The owner's answer" : "What the caseworker asked"}:\n${p.message}` : "";
  return `${ko}${quoted}\n${link}\n\n${en}${quotedEn}\n${link}\n`;
}

export async function notify(
  trx: Kysely<Database> | Transaction<Database>,
  /** `link` is a path of this site; the email gets it on PUBLIC_ORIGIN. */
  input: { userId: number; email: string; applicationId: number; kind: NotificationKind; params: NotificationParams; link: string; now: Date },
): Promise<void> {
  await trx
    .insertInto("notifications")
    .values({
      user_id: input.userId,
      application_id: input.applicationId,
      kind: input.kind,
      params: JSON.stringify(input.params),
      read_at: null,
      created_at: input.now.toISOString(),
    })
    .execute();
  const link = `${getEnv().PUBLIC_ORIGIN}${input.link}`;
  await enqueueEmail(trx, { to: input.email, subject: SUBJECTS[input.kind](input.params), text: body(input.kind, input.params, link) }, input.now);
}

/**
 * A notification that carries its own words (not about one application's status): in the portal,
 * where `link` leads, and by email, written in the caller's transaction.
 */
export async function notifyText(
  trx: Kysely<Database> | Transaction<Database>,
  input: { userId: number; email: string; kind: ExtraNotificationKind; text: { en: string; ko: string }; link: string; now: Date },
): Promise<void> {
  await trx
    .insertInto("notifications")
    .values({
      user_id: input.userId,
      application_id: null,
      kind: input.kind,
      params: JSON.stringify({ reference: "", programmeName: { en: "", ko: "" }, text: input.text, link: input.link } satisfies NotificationParams),
      read_at: null,
      created_at: input.now.toISOString(),
    })
    .execute();
  const url = `${getEnv().PUBLIC_ORIGIN}${input.link}`;
  await enqueueEmail(
    trx,
    {
      to: input.email,
      subject: `[소상공인 지원 포털] ${input.text.ko} / ${input.text.en}`.slice(0, 200),
      text: `${input.text.ko}\n${url}\n\n${input.text.en}\n${url}\n`,
    },
    input.now,
  );
}

export async function countUnread(userId: number, db: Kysely<Database> = getDb()): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listNotifications(userId: number, db: Kysely<Database> = getDb()) {
  const rows = await db
    .selectFrom("notifications")
    .leftJoin("applications", "applications.id", "notifications.application_id")
    .select([
      "notifications.id",
      "notifications.kind",
      "notifications.params",
      "notifications.read_at",
      "notifications.created_at",
      "applications.reference",
    ])
    .where("notifications.user_id", "=", userId)
    .orderBy("notifications.id", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({ ...r, params: JSON.parse(r.params) as NotificationParams }));
}

export async function markAllRead(userId: number, now = new Date(), db: Kysely<Database> = getDb()) {
  await db.updateTable("notifications").set({ read_at: now.toISOString() }).where("user_id", "=", userId).where("read_at", "is", null).execute();
}
