/** English strings for identity verification (본인인증). */
const identity = {
  page: {
    title: "Verify your identity",
    lead: "Before you can claim a business, confirm who you are with an identity verification service. You will leave this site for a moment and come back here.",
    verifiedTitle: "Your identity is verified",
    name: "Name",
    birthDate: "Date of birth",
    verifiedAt: "Verified on",
    notVerified: "Your identity is not verified yet.",
    start: "Verify my identity",
    again: "Verify again",
    accountLink: "Verify your identity",
    backToAccount: "Your account",
  },
  failure: {
    title: "Your identity could not be verified",
    tryAgain: "Try again",
    invalid_state: "This verification link is not valid or has already been used. Start again from this page.",
    expired: "The verification took too long and has expired. Start again.",
    provider_error: "The identity verification service stopped or refused the verification. Nothing was saved.",
    provider_unreachable: "The identity verification service is not answering. Try again in a few minutes. Nothing was saved.",
    token_rejected: "The answer of the identity verification service could not be checked, so it was not accepted. Nothing was saved.",
    missing_name: "The identity verification service did not give your name, so your identity could not be verified. Nothing was saved.",
    missing_birthdate:
      "The identity verification service did not give your date of birth, so your identity could not be verified. Nothing was saved.",
    missing_subject: "The identity verification service did not identify you, so your identity could not be verified. Nothing was saved.",
    already_linked:
      "This person is already verified on another account of the portal. One person can have one verified account. If this is a mistake, call the helpline 1357.",
  },
  ownership: {
    continue: "Continue where you were",
    link: "Confirm ownership",
    linkLabel: "Confirm ownership of {{name}}",
    title: "Confirm that {{name}} is yours",
    lead: "We check with the National Tax Service's business register that you, as verified, are the representative of this business. Give the opening date on its registration certificate.",
    confirmed: "Ownership confirmed: you are the representative of {{name}} in the business register.",
    notConfirmed: "Ownership not confirmed yet. Until it is, you cannot submit an application for this business.",
    openedOn: "Opening date (개업일)",
    openedOnHint: "As on the business registration certificate, for example 2018-04-02.",
    submit: "Check with the register",
    verifyFirst: "Verify your identity first: the register is asked about the person you are.",
    verifyLink: "Verify your identity",
    back: "Your businesses",
    errors: {
      openedOn: "Enter the opening date as year-month-day, for example 2018-04-02",
      no_match:
        "The business register does not show you as the representative of this business with this opening date. Check the date on the registration certificate. If the register is out of date or your name is written differently there, call the helpline 1357.",
      not_operating_suspended: "The business register shows this business as suspended (휴업), so it cannot apply. Nothing was saved.",
      not_operating_closed: "The business register shows this business as closed (폐업), so it cannot apply. Nothing was saved.",
      unavailable: "The business register is not answering. Try again in a few minutes; nothing you typed is lost.",
      limited: "Too many checks in the last hour. Try again in {{minutes}} minutes; nothing you typed is lost.",
      not_verified: "Verify your identity first: the register is asked about the person you are.",
    },
  },
};

export default identity;
