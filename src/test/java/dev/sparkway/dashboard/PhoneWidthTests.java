package dev.sparkway.dashboard;

import java.util.Map;

import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** The jobs page on a phone-width screen (390×844): no sideways scrolling of the page, every control in reach. */
class PhoneWidthTests extends DashboardTest {

	@BeforeEach
	void phone() {
		useKey(ADMIN_KEY);
		driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
	}

	@AfterEach
	void desktop() {
		driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
	}

	@Test
	void theJobsPageFitsAPhoneWidthAndItsControlsAreReachable() {
		// A job that runs until cancelled, so its row has a cancel button to reach.
		String id = start(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 120_000));
		open("#/jobs", "jobs");
		await("cancel button of " + id, PAGE, d -> !jobRow(id).findElements(testId("cancel-job")).isEmpty());
		assertThat(((Number) js("return innerWidth")).intValue()).isEqualTo(390);
		assertThat(((Number) js("return document.scrollingElement.scrollWidth")).intValue())
			.as("page width at 390 px (no sideways scrolling)")
			.isLessThanOrEqualTo(390);
		for (String control : new String[] { "nav-jobs", "nav-submit", "nav-datasets", "filter-status",
				"filter-pipeline" }) {
			assertWithinTheScreen(find(testId(control)), control);
		}
		withRow(id, "its link on screen", row -> {
			WebElement link = row.findElement(testId("job-link"));
			js("arguments[0].scrollIntoView({block: 'center'})", link);
			assertWithinTheScreen(link, "job link");
			return true;
		});
		browser().screenshot("jobs-phone");

		// The row's buttons are at its far end, in the table's own sideways scroll: scrolled to, on screen, usable.
		withRow(id, "its cancel button on screen", row -> {
			WebElement cancel = row.findElement(testId("cancel-job"));
			js("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", cancel);
			assertWithinTheScreen(cancel, "cancel button");
			cancel.click();
			return true;
		});
		acceptConfirmationIfAsked();
		awaitRowStatus(id, "CANCELLED", JOB);
		assertThat(((Number) js("return document.scrollingElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);

		withRow(id, "open its page", row -> {
			WebElement link = row.findElement(testId("job-link"));
			js("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", link);
			link.click();
			return true;
		});
		awaitRoute("job");
		assertThat(driver().findElements(testId("job-detail", "data-job-id", id))).hasSize(1);
		WebElement error = find(testId("job-error"));
		assertThat(error.isDisplayed()).as("the cancelled job's error shown").isTrue();
		assertThat(error.getText()).as("error in words, not JSON").containsIgnoringCase("cancel").doesNotContain("{");
		assertThat(((Number) js("return document.scrollingElement.scrollWidth")).intValue())
			.as("job page width at 390 px")
			.isLessThanOrEqualTo(390);
		browser().screenshot("job-phone");
	}

	private static void assertWithinTheScreen(WebElement element, String what) {
		assertThat(element.isDisplayed()).as(what + " shown").isTrue();
		Map<String, Object> box = js("""
				const r = arguments[0].getBoundingClientRect();
				return {left: r.left, right: r.right, width: r.width};""", element);
		assertThat(((Number) box.get("width")).doubleValue()).as(what + " width").isPositive();
		assertThat(((Number) box.get("left")).doubleValue()).as(what + " left edge").isGreaterThanOrEqualTo(0);
		assertThat(((Number) box.get("right")).doubleValue()).as(what + " right edge").isLessThanOrEqualTo(390);
	}

}
