/**
 * The personal-data consent asked at registration (개인정보 수집·이용 동의, Personal Information
 * Protection Act art. 15: what is collected, why, for how long, and the right to refuse). Its words
 * live in the locale files (security.consent); change this version whenever they change, so each
 * stored consent names the text the person actually agreed to.
 */
export const PRIVACY_CONSENT_VERSION = "2026-11-29";
export const PRIVACY_CONSENT_PURPOSE = "registration";
