import { InfoPage, infoMeta } from "~/components/info-page";

export const meta = infoMeta("accessibility");

export default function Page() {
  return <InfoPage page="accessibility" />;
}
