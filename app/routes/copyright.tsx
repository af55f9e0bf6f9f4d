import { InfoPage, infoMeta } from "~/shared/ui/info-page";

export const meta = infoMeta("copyright");

export default function Page() {
  return <InfoPage page="copyright" />;
}
