import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium, launchChromium, watchPageProblems, type PageProblem } from '../../harness/src/browser.js';
import { reportRun } from './report-run.js';

const found = findChromium();

describe('reports: index.html in Chromium', () => {
  it('renders the charts and the figures of report.json without a console error', async function () {
    if (!found.path) {
      console.log(`      skipped: ${found.reason}`);
      this.skip();
    }
    this.timeout(180_000);
    const { out, report } = await reportRun();
    const browser = await launchChromium(found.path);
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: PageProblem[] = [];
      watchPageProblems(page, 'index.html', (p) => problems.push(p));
      await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
      // every chart is an svg with drawn data: bars of non-zero size or dots
      const charts = await page.$$eval('svg', (svgs) =>
        svgs.map((svg) => Array.from(svg.querySelectorAll('rect, circle')).filter((el) => el.getBoundingClientRect().width * el.getBoundingClientRect().height > 0).length),
      );
      assert.ok(charts.length >= 3, `${charts.length} charts`);
      for (const [i, points] of charts.entries()) assert.ok(points > 0, `chart ${i} has no data point`);
      const shown = async (metric: string, side: string): Promise<string> =>
        (await page.textContent(`tr[data-metric="${metric}"] td[data-side="${side}"]`)) ?? '';
      for (const side of ['legacy', 'migrated'] as const) {
        const summary = report.sides[side].summary;
        assert.equal(await shown('duplicationPercent', side), String(summary.duplicationPercent), `${side} duplication %`);
        assert.equal(await shown('cyclomaticMax', side), String(summary.cyclomaticMax), `${side} max cyclomatic`);
      }
      assert.equal(await page.getAttribute('#plato-link', 'href'), report.plato.index);
      const platoPage = await browser.newPage();
      await platoPage.goto(pathToFileURL(path.join(out, report.plato.index)).href);
      assert.match(await platoPage.title(), /plato/i);
      await page.screenshot({ path: path.join(out, 'index.png'), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
});
