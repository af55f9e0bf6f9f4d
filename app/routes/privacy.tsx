import { InfoPage, infoMeta } from "~/components/info-page";

export const meta = infoMeta("privacy");

export default function Page() {
  return <InfoPage page="privacy" />;
}
