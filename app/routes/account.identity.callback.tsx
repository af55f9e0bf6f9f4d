import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOwner } from "~/modules/accounts/index.server";
import { type IdentityFailure, IdentityFailureNotice, identityMeta } from "~/modules/identity";
import { completeVerification } from "~/modules/identity/index.server";

const STATUS: Record<IdentityFailure, number> = {
  invalid_state: 400,
  expired: 400,
  provider_error: 400,
  provider_unreachable: 503,
  token_rejected: 400,
  missing_name: 422,
  missing_birthdate: 422,
  missing_subject: 422,
  already_linked: 409,
};

/** Where the identity provider sends the browser back: completes the attempt, or says why not. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireOwner({ request, context });
  const result = await completeVerification({
    userId: auth.user.id,
    actorLabel: auth.user.email,
    search: new URL(request.url).searchParams,
    ip: context.clientIp,
  });
  if (result.ok) throw redirect(result.returnTo, { headers: { "Cache-Control": "no-store" } });
  return data({ failure: result.reason }, { status: STATUS[result.reason], headers: { "Cache-Control": "no-store" } });
}

export const meta = identityMeta((t) => t.failure.title);

export default function IdentityCallbackPage() {
  const { failure } = useLoaderData<typeof loader>();
  return <IdentityFailureNotice reason={failure} />;
}
