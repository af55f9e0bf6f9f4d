import { InfoPage, infoMeta } from "~/shared/ui/info-page";

export const meta = infoMeta("accessibility");

export default function Page() {
  return <InfoPage page="accessibility" />;
}
