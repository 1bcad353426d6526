package dev.sparkway.dashboard;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streaming job (tweet-sentiment over the demo tweets) in the browser: its sentiment chart is drawn while it
 * runs, and the jobs list's cancel button ends it.
 */
class StreamingJobPagesTests extends DashboardTest {

	@BeforeEach
	void signIn() {
		useKey(ADMIN_KEY);
	}

	@Test
	void aRunningStreamDrawsItsSentimentChartAndIsCancelledFromTheJobsList() {
		String id = start("tweet-sentiment", Map.of());

		open("#/jobs/" + id, "job");
		WebElement chart = assertChartDrawn("window_counts");
		assertThat(find(testId("job-detail", "data-job-id", id)).getDomAttribute("data-status"))
			.as("drawn while the stream runs")
			.isEqualTo("RUNNING");
		assertThat(paintedPixels(chart)).isGreaterThan(1500);
		browser().screenshot("job-tweet-sentiment-running");

		open("#/jobs", "jobs");
		awaitRowStatus(id, "RUNNING", PAGE);
		withRow(id, "cancel it", row -> {
			row.findElement(testId("cancel-job")).click();
			return true;
		});
		acceptConfirmationIfAsked();
		awaitRowStatus(id, "CANCELLED", JOB);
		assertThat(get("/api/v1/jobs/" + id).expect(200).body().get("status").asText()).isEqualTo("CANCELLED");
		Integer cancelButtons = withRow(id, "its buttons", row -> row.findElements(testId("cancel-job")).size());
		assertThat(cancelButtons).as("cancel buttons on an ended job").isZero();
		browser().screenshot("jobs-list-stream-cancelled");
	}

	@Test
	void anAvailableNowStreamEndsSucceededWithItsChartDrawn() {
		String id = start("tweet-sentiment", Map.of("trigger", "availableNow"));

		open("#/jobs/" + id, "job");
		await("job page of " + id + " SUCCEEDED", JOB, d -> d.findElements(By.cssSelector(
				"[data-testid='job-detail'][data-job-id='" + id + "'][data-status='SUCCEEDED']")).size() == 1);
		assertChartDrawn("window_counts");
		browser().screenshot("job-tweet-sentiment-succeeded");
	}

}
