/**
 * The page for a request that could not be served because the database was briefly out of reach
 * (a restart, a saturated pool). Plain HTML with no React and no database work, so it is cheap and
 * cannot fail the same way; both languages, since the visitor's choice may be in the database too.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 15;

export function unavailablePage(requestId?: string): string {
  // Request ids are plain tokens ([A-Za-z0-9._-]); escaped all the same, as this page is not React.
  const id = requestId?.replace(/[^A-Za-z0-9._-]/g, "");
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${UNAVAILABLE_RETRY_AFTER_SECONDS}">
<title>잠시 후 다시 시도해 주세요 · Please try again shortly — 소상공인 지원 포털</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:2rem 1rem;color:#1e2124;background:#fff;line-height:1.6}
main{max-width:40rem;margin:0 auto}
h1{font-size:1.5rem;margin:0 0 1rem}
p{margin:0 0 1rem}
.en{color:#464c53;border-top:1px solid #cdd1d5;padding-top:1rem}
</style>
</head>
<body>
<main>
<h1>잠시 후 다시 시도해 주세요</h1>
<p>지금 요청이 많거나 시스템을 점검하고 있어 이 화면을 보여 드리지 못했습니다. 입력하신 내용이 저장되지 않았을 수 있으니, 잠시 후 다시 시도해 주세요. 이 화면은 ${UNAVAILABLE_RETRY_AFTER_SECONDS}초 뒤에 저절로 다시 열립니다.</p>
${id ? `<p>고객센터에 문의하실 때 이 번호를 알려 주세요: <strong id="request-id">${id}</strong></p>\n` : ""}<div class="en" lang="en">
<h2>Please try again shortly</h2>
<p>The service is briefly unavailable, so this page could not be shown. What you just sent may not have been saved: please try again in a moment. This page reloads by itself in ${UNAVAILABLE_RETRY_AFTER_SECONDS} seconds.</p>
${id ? `<p>If you call the helpline, quote this number: <strong>${id}</strong></p>\n` : ""}</div>
</main>
</body>
</html>
`;
}
