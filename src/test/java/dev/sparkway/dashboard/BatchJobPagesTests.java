package dev.sparkway.dashboard;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch jobs as a person meets them in the browser: submitted from the form, followed in the jobs list to 100 %,
 * opened, their rows paged and their charts drawn (retail-sales with its store picker, rfm-segmentation,
 * fraud-features).
 */
class BatchJobPagesTests extends DashboardTest {

	@BeforeEach
	void signIn() {
		useKey(ADMIN_KEY);
	}

	@Test
	void aRetailSalesJobSubmittedFromTheFormReaches100PercentAndShowsItsRowsAndCharts() {
		String id = submitFromTheForm("retail-sales");

		open("#/jobs", "jobs");
		String href = withRow(id, "its link", row -> row.findElement(testId("job-link")).getDomAttribute("href"));
		assertThat(href).isEqualTo("#/jobs/" + id);
		awaitRowStatus(id, "SUCCEEDED", JOB);
		await("progress of " + id + " at 100", PAGE,
				d -> "100".equals(jobRow(id).findElement(testId("job-progress")).getDomProperty("value")));
		String status = withRow(id, "its status", row -> spokenText(row.findElement(testId("job-status"))));
		assertThat(status).isEqualTo("SUCCEEDED");
		browser().screenshot("jobs-list");

		withRow(id, "open its page", row -> {
			row.findElement(testId("job-link")).click();
			return true;
		});
		awaitRoute("job");
		WebElement detail = await("job page of " + id, PAGE,
				d -> d.findElements(testId("job-detail", "data-job-id", id)).stream().findFirst().orElse(null));
		assertThat(detail.getDomAttribute("data-status")).isEqualTo("SUCCEEDED");
		assertThat(spokenText(detail.findElement(testId("job-status")))).isEqualTo("SUCCEEDED");
		assertThat(detail.findElement(testId("job-progress")).getDomProperty("value")).isEqualTo("100");
		assertThat(detail.findElements(By.cssSelector("[data-testid='job-stages'] [data-testid='stage-row']"))).isNotEmpty();
		assertThat(detail.findElement(testId("job-metrics")).getText()).contains("CPU time");
		assertThat(driver().findElements(testId("job-error"))).noneMatch(WebElement::isDisplayed);
		assertThat(detail.findElement(testId("plans-link")).getDomAttribute("href")).contains(id).contains("plans");
		String sparkUi = get("/api/v1/jobs/" + id).expect(200).body().at("/links/sparkUi").asText(null);
		if (sparkUi == null) {
			assertThat(driver().findElements(testId("spark-ui-link"))).as("no Spark UI link without links.sparkUi").isEmpty();
		}
		else {
			assertThat(find(testId("spark-ui-link")).getDomAttribute("href")).isEqualTo(sparkUi);
		}

		pageThroughRows("daily_sales");
		assertChartDrawn("monthly_sales");
		WebElement daily = assertChartDrawn("daily_sales");
		browser().screenshot("job-retail-sales");

		Select stores = new Select(find(testId("store-picker")));
		assertThat(stores.getOptions()).as("stores to pick from").hasSizeGreaterThan(1);
		String shown = stores.getFirstSelectedOption().getDomProperty("value");
		String other = stores.getOptions()
			.stream()
			.map(option -> option.getDomProperty("value"))
			.filter(value -> !value.equals(shown))
			.findFirst()
			.orElseThrow();
		browser().screenshot(daily, "chart-daily-sales-store-" + shown);
		List<Number> before = plotFingerprint(daily);
		// The dashboard sets data-rendered="true" when ECharts has finished a drawing (animation included):
		// cleared here, it says when the drawing for the other store is done.
		js("arguments[0].dataset.rendered = 'false'", daily);
		stores.selectByValue(other);
		// ECharts' aria description (aria.enabled) names the title, so it says which store is drawn.
		await("daily_sales drawn for store " + other, PAGE,
				d -> "true".equals(daily.getDomAttribute("data-rendered"))
						&& String.valueOf(ariaLabelIn(daily)).contains("store " + other));
		assertThat(plotFingerprint(daily)).as("the plot of store " + other).isNotEqualTo(before);
		await("canvas of daily_sales painted for store " + other, PAGE, d -> paintedPixels(daily) > 1500);
		browser().screenshot(daily, "chart-daily-sales-store-" + other);
		browser().screenshot("job-retail-sales-other-store");
	}

	@Test
	void anRfmSegmentationJobSubmittedFromTheFormSucceedsAndDrawsItsCharts() {
		runFromTheFormAndAssertChartsDrawn("rfm-segmentation", "segments", "centers");
		browser().screenshot("job-rfm-segmentation");
	}

	@Test
	void aFraudFeaturesJobSubmittedFromTheFormSucceedsAndDrawsItsRiskChart() {
		runFromTheFormAndAssertChartsDrawn("fraud-features", "features");
		browser().screenshot("job-fraud-features");
	}

	/** Submits the pipeline with the form's defaults, awaits SUCCEEDED on its page and sees each chart drawn. */
	private void runFromTheFormAndAssertChartsDrawn(String pipeline, String... chartedOutputs) {
		String id = submitFromTheForm(pipeline);
		await("job page of " + id + " SUCCEEDED", JOB,
				d -> d.findElements(By.cssSelector("[data-testid='job-detail'][data-job-id='" + id
						+ "'][data-status='SUCCEEDED']")).size() == 1);
		for (String output : chartedOutputs) {
			assertThat(driver().findElements(testId("output", "data-output", output))).as("output " + output).hasSize(1);
			assertChartDrawn(output);
		}
		assertThat(driver().findElements(testId("chart")).stream().map(c -> c.getDomAttribute("data-output")))
			.as("charts on the " + pipeline + " page")
			.containsExactlyInAnyOrder(chartedOutputs);
	}

	/** Picks the pipeline on the submit page, keeps the form's defaults, submits and returns the new job's id. */
	private String submitFromTheForm(String pipeline) {
		open("#/submit", "submit");
		choosePipeline(pipeline);
		find(testId("submit-job")).click();
		String prefix = base() + "/#/jobs/";
		await("the page of the new " + pipeline + " job", PAGE, d -> d.getCurrentUrl().startsWith(prefix));
		awaitRoute("job");
		String id = driver().getCurrentUrl().substring(prefix.length());
		assertThat(get("/api/v1/jobs/" + id).expect(200).body().get("pipeline").asText()).isEqualTo(pipeline);
		return id;
	}

	/** Next shows other rows under another "Rows …" text; Previous goes back to the first page. */
	private void pageThroughRows(String output) {
		WebElement section = await("output " + output, PAGE,
				d -> d.findElements(testId("output", "data-output", output)).stream().findFirst().orElse(null));
		WebElement pageText = section.findElement(testId("rows-page"));
		await("first page of " + output, PAGE, d -> !pageText.getText().isBlank() && firstRow(section) != null);
		String firstText = pageText.getText();
		String firstRow = firstRow(section);
		await("next enabled", PAGE, d -> section.findElement(testId("rows-next")).isEnabled());

		section.findElement(testId("rows-next")).click();
		await("second page of " + output, PAGE, d -> !pageText.getText().equals(firstText) && firstRow(section) != null
				&& !firstRow(section).equals(firstRow));
		String secondText = pageText.getText();
		assertThat(secondText).isNotEqualTo(firstText);

		await("previous enabled", PAGE, d -> section.findElement(testId("rows-prev")).isEnabled());
		section.findElement(testId("rows-prev")).click();
		await("back on the first page of " + output, PAGE,
				d -> pageText.getText().equals(firstText) && firstRow.equals(firstRow(section)));
	}

	private static String ariaLabelIn(WebElement chart) {
		return js("const e = arguments[0].querySelector('[aria-label]') || arguments[0]; return e.getAttribute('aria-label')",
				chart);
	}

	private static String firstRow(WebElement section) {
		List<WebElement> rows = section.findElements(By.cssSelector("[data-testid='rows-table'] tbody tr"));
		return rows.isEmpty() ? null : rows.get(0).getText();
	}

}
