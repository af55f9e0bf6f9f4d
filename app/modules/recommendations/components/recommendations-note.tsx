import { useTranslation } from "react-i18next";

/** On the review page: how many members of the public recommended this business, and why (latest first). */
export function RecommendationsNote({
  recommendations,
}: {
  recommendations: { count: number; latest: Array<{ reason: string; created_at: string }> };
}) {
  const { t } = useTranslation();
  if (!recommendations.count) return null;
  return (
    <section aria-labelledby="recommendations-heading">
      <h2 id="recommendations-heading">{t("rapid.recommend.onReview", { count: recommendations.count })}</h2>
      <ul>
        {recommendations.latest.map((r, i) => (
          <li key={i}>{r.reason}</li>
        ))}
      </ul>
    </section>
  );
}
