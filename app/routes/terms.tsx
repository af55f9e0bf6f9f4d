import { InfoPage, infoMeta } from "~/shared/ui/info-page";

export const meta = infoMeta("terms");

export default function Page() {
  return <InfoPage page="terms" />;
}
