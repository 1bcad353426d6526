package dev.sparkway.dashboard;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/** The submit form: generated from the catalogue with labelled controls, and the server's errors at their fields. */
class SubmitFormTests extends DashboardTest {

	@BeforeEach
	void signIn() {
		useKey(ADMIN_KEY);
	}

	@Test
	void aSalesPathThatDoesNotExistIsShownNextToItsFieldAndNoJobIsSubmitted() {
		open("#/submit/retail-sales", "submit");
		long jobsBefore = get("/api/v1/jobs").expect(200).body().get("total").asLong();
		WebElement salesPath = find(By.id("param-salesPath"));
		assertThat(salesPath.getDomProperty("value")).as("default pre-filled").isEqualTo("demo/sales.csv");
		salesPath.clear();
		salesPath.sendKeys("nowhere/browser.csv");
		find(testId("submit-job")).click();

		WebElement error = await("error at params.salesPath", PAGE, d -> d
			.findElements(testId("field-error", "data-field", "params.salesPath"))
			.stream()
			.filter(WebElement::isDisplayed)
			.findFirst()
			.orElse(null));
		assertThat(error.getText()).contains("'nowhere/browser.csv' does not exist");
		assertThat(error.getDomAttribute("id")).isEqualTo("param-salesPath-error");
		assertThat(salesPath.getDomAttribute("aria-invalid")).isEqualTo("true");
		assertThat(salesPath.getDomAttribute("aria-describedby")).contains("param-salesPath-error");
		// Next to its field: in the same field box as the input, not in a banner elsewhere.
		WebElement errorBox = error.findElement(By.xpath("./.."));
		assertThat(errorBox.findElements(By.id("param-salesPath"))).hasSize(1);
		assertThat(driver().getCurrentUrl()).contains("#/submit");
		assertThat(get("/api/v1/jobs").expect(200).body().get("total").asLong()).as("jobs recorded").isEqualTo(jobsBefore);
		browser().screenshot("submit-validation-error");
	}

	@Test
	void everyParameterOfEveryPipelineHasALabelledControl() {
		open("#/submit", "submit");
		Select pipelines = new Select(find(testId("pipeline-select")));
		assertThat(find(By.cssSelector("label[for='pipeline']")).getText()).isNotBlank();
		List<String> names = pipelines.getOptions().stream().map(o -> o.getDomProperty("value")).toList();
		assertThat(names).contains("retail-sales", "rfm-segmentation", "tweet-sentiment");
		for (String pipeline : names) {
			choosePipeline(pipeline);
			for (JsonNode parameter : parametersOf(pipeline)) {
				String name = parameter.get("name").asText();
				List<WebElement> controls = driver().findElements(By.id("param-" + name));
				assertThat(controls).as(pipeline + " " + name).hasSize(1);
				assertThat(controls.get(0).getDomAttribute("name")).isEqualTo(name);
				assertThat(driver().findElements(By.cssSelector("label[for='param-" + name + "']")))
					.as("label of " + pipeline + " " + name)
					.hasSize(1);
			}
		}
		choosePipeline("retail-sales");
		browser().screenshot("submit-form");
	}

	private JsonNode parametersOf(String pipeline) {
		for (JsonNode entry : get("/api/v1/pipelines").expect(200).body()) {
			if (entry.get("name").asText().equals(pipeline)) {
				return entry.get("parameters");
			}
		}
		throw new AssertionError("no pipeline " + pipeline + " in the catalogue");
	}

}
