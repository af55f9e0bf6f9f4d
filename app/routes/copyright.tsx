import { InfoPage, infoMeta } from "~/components/info-page";

export const meta = infoMeta("copyright");

export default function Page() {
  return <InfoPage page="copyright" />;
}
