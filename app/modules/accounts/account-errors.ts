import type { EmailProblem } from "~/modules/accounts/email";
import type { PasswordProblem } from "~/modules/accounts/password-policy";

/** Translation keys for the domain's email and password problems. */
export const EMAIL_ERROR: Record<EmailProblem, string> = {
  required: "account.errors.emailRequired",
  tooLong: "account.errors.emailTooLong",
  nonAscii: "account.errors.emailNonAscii",
  format: "account.errors.emailFormat",
};

export const PASSWORD_ERROR: Record<PasswordProblem, string> = {
  required: "account.errors.passwordRequired",
  tooShort: "account.errors.passwordTooShort",
  tooLong: "account.errors.passwordTooLong",
  common: "account.errors.passwordCommon",
  sameAsEmail: "account.errors.passwordSameAsEmail",
};
