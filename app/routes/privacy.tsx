import { InfoPage, infoMeta } from "~/shared/ui/info-page";

export const meta = infoMeta("privacy");

export default function Page() {
  return <InfoPage page="privacy" />;
}
