/** English strings for sign-in security: two-step verification, email confirmation, consent, one-time passwords. */
const security = {
  twoFactor: {
    title: "Enter your security code",
    lead: "Open the authenticator app on your phone and enter the 6-digit code it shows for SME Support Portal.",
    codeLabel: "Security code",
    codeHint: "6 digits from your app, or one of your recovery codes (like abcd-efgh-jkmn).",
    submit: "Continue",
    cancel: "Cancel and sign out",
  },
  errors: {
    codeRequired: "Enter the security code",
    format: "Enter the 6-digit code from your app, or a recovery code like abcd-efgh-jkmn",
    wrong: "The security code is not correct. Check the code in your app and try again",
    reused: "This code has already been used. Wait for your app to show a new code, then enter that one",
    recovery_used: "This recovery code has already been used. Each recovery code works once: enter another one",
    no_key: "Set up two-step verification first",
    limited_one:
      "Too many wrong codes. For your security, the code cannot be entered for {{count}} minute. Try again then, or ask an administrator for help",
    limited_other:
      "Too many wrong codes. For your security, the code cannot be entered for {{count}} minutes. Try again then, or ask an administrator for help",
  },
  setup: {
    title: "Set up two-step verification",
    leadRequired:
      "Your role needs a second step when you sign in: a 6-digit code from an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or a password manager.",
    leadOptional:
      "Add a second step when you sign in: a 6-digit code from an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or a password manager.",
    scan: "1. Scan this QR code with your authenticator app.",
    qrAlt: "QR code that adds SME Support Portal to an authenticator app",
    manual: "If you cannot scan it, enter this key in the app instead:",
    keyLabel: "Setup key",
    enter: "2. Enter the 6-digit code the app now shows.",
    submit: "Turn on two-step verification",
    doneTitle: "Two-step verification is on",
    codesTitle: "Your recovery codes",
    codesLead:
      "If you lose your phone, each of these codes lets you sign in once. Keep them somewhere safe, such as a password manager or on paper locked away. They will not be shown again.",
    continue: "Continue",
    alreadyOn: "Two-step verification is already on for this account.",
  },
  page: {
    title: "Sign-in security",
    on: "Two-step verification is on.",
    off: "Two-step verification is off.",
    required: "Your role requires it.",
    codesLeft_one: "You have {{count}} unused recovery code.",
    codesLeft_other: "You have {{count}} unused recovery codes.",
    setUp: "Set up two-step verification",
    renew: "Make new recovery codes",
    renewHint: "Your old recovery codes stop working at once.",
    renewedTitle: "Your new recovery codes",
  },
  password: {
    title: "Choose a new password",
    lead: "You signed in with a one-time password from an administrator. Choose your own password before you continue.",
    current: "One-time password",
    submit: "Save password and continue",
    same: "Choose a password different from the one-time password",
  },
  verify: {
    statusLink: "Email address confirmation",
    okTitle: "Your email address is confirmed",
    okText: "Thank you. You can now submit applications.",
    alreadyTitle: "Your email address is already confirmed",
    expiredTitle: "This link has expired",
    expiredText: "A link to confirm your email address works for 24 hours. Sign in and ask for a new link.",
    usedTitle: "This link has already been used",
    usedText: "Each link works once. If your address is not confirmed yet, sign in and ask for a new link.",
    invalidTitle: "This link is not valid",
    invalidText: "Check that you opened the whole link from the email. If it still does not work, sign in and ask for a new link.",
    toApplications: "Go to your applications",
    notVerified:
      "Your email address {{email}} is not confirmed yet. Open the link we sent you to confirm it: you need to before you can submit an application.",
    resend: "Send the link again",
    resent: "We have sent a new link to {{email}}. It works for 24 hours.",
    resendLimited_one: "You have asked for several links recently. Try again in {{count}} minute",
    resendLimited_other: "You have asked for several links recently. Try again in {{count}} minutes",
  },
  consent: {
    legend: "Consent to the collection and use of personal information (개인정보 수집·이용 동의)",
    intro: "The Ministry of SMEs and Startups collects the following to run this service (Personal Information Protection Act, article 15).",
    caption: "What we collect, why, and for how long",
    columns: { items: "What we collect", purpose: "Why", retention: "How long we keep it" },
    items:
      "Email address and password (stored only in a form that cannot be turned back into it). Later, the business details and documents you give in your applications.",
    purpose: "To sign you in, to tell you about your applications, and to assess applications and pay support under the programme rules.",
    retention:
      "Until you close your account. Applications and their documents are kept for 5 years after the decision, as public records rules require, then destroyed.",
    refuse:
      "You may refuse. Without this consent you cannot create an account or apply online; you can still apply in person at a Small Enterprise and Market Service centre (helpline 1357).",
    agree: "I agree to the collection and use of my personal information as described above (required)",
    required: "To create an account, agree to the collection and use of your personal information",
  },
} as const;

export default security;
