import { chromium } from "@playwright/test";
const [,, url, width] = process.argv;
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const p = await b.newPage({ viewport: { width: Number(width), height: 800 } });
await p.goto(url);
console.log(await p.evaluate((w) => [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest(".portal-menu-mobile")).slice(0, 15).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)} ${e.textContent.slice(0, 60)}`).join("\n"), Number(width)));
await b.close();
