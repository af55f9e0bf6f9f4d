import { chromium } from "@playwright/test";
const [,, url, width, out, lang] = process.argv;
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const p = await b.newPage({ viewport: { width: Number(width), height: 800 }, locale: lang ?? "ko-KR" });
await p.goto(url);
const sw = await p.evaluate(() => document.documentElement.scrollWidth);
console.log("scrollWidth", sw);
await p.screenshot({ path: out, fullPage: process.env.FULL === "1" });
await b.close();
