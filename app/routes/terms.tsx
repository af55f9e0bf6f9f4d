import { InfoPage, infoMeta } from "~/components/info-page";

export const meta = infoMeta("terms");

export default function Page() {
  return <InfoPage page="terms" />;
}
