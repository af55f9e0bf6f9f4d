import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart } from "../../app/shared/ui/bar-chart";

describe("BarChart", () => {
  const data = [
    { label: "11-24", longLabel: "24 November 2026", value: 3 },
    { label: "11-25", longLabel: "25 November 2026", value: 0 },
    { label: "11-26", longLabel: "26 November 2026", value: 12 },
  ];
  const html = renderToStaticMarkup(<BarChart title="Submissions per day" data={data} valueLabel="Submissions" tableCaption="Day" />);

  it("draws one bar per day, scaled to the largest", () => {
    const heights = [...html.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(3);
    expect(heights[1]).toBe(0);
    expect(heights[2]).toBeCloseTo(heights[0]! * 4);
  });

  it("is an image with a title, and offers the same numbers as a table", () => {
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+-title"/);
    expect(html).toContain(">Submissions per day</title>");
    expect(html).toContain('<th scope="row">26 November 2026</th><td>12</td>');
  });

  it("uses no inline styles (the CSP forbids them)", () => {
    expect(html).not.toContain("style=");
  });
});
