package dev.sparkway.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With API keys required (as the suite's server runs): the dashboard asks for a key, refuses a wrong one, loads
 * the jobs with the right one, and sends it only as the X-API-Key header, never in a URL or localStorage.
 */
class ApiKeyDialogTests extends DashboardTest {

	private static final String WRONG_KEY = "wrong-key-typed-in-the-browser";

	/** One request the page made, from the performance log. */
	private record Request(String id, String url, String apiKey) {
	}

	@Test
	void theKeyDialogRefusesAWrongKeyAndTheRightKeyLoadsTheJobsWithoutPuttingItInAUrl() throws Exception {
		driver().get(base() + "/actuator/health");
		js("sessionStorage.clear(); localStorage.clear()");
		browser().performanceLog();
		driver().get(base() + "/#/jobs");

		WebElement dialog = awaitDialogOpen();
		WebElement input = find(testId("api-key-input"));
		assertThat(input.getDomAttribute("type")).isEqualTo("password");
		assertThat(find(org.openqa.selenium.By.cssSelector("label[for='api-key']")).getText()).isNotBlank();
		assertThat(find(org.openqa.selenium.By.cssSelector("main[data-route='jobs']")).getDomAttribute("data-ready"))
			.isNotEqualTo("true");
		browser().screenshot("api-key-dialog");

		input.sendKeys(WRONG_KEY);
		find(testId("api-key-save")).click();
		List<String> log = new ArrayList<>();
		await("a request with the wrong key answered 401", PAGE, d -> {
			log.addAll(browser().performanceLog());
			return statusesOf(log, WRONG_KEY).contains(401);
		});
		awaitDialogOpen();
		assertThat(statusesOf(log, WRONG_KEY)).as("answers to the wrong key").containsOnly(401);
		assertThat(driver().findElements(testId("job-row"))).isEmpty();
		browser().screenshot("api-key-dialog-wrong-key");

		submit("retail-sales", Map.of("salesPath", writeInput("browser/key-sales.csv",
				"TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice\nT1,2024-01-01 10:00:00,1,P,U,1,1.0\n")));
		find(testId("api-key-input")).sendKeys(ADMIN_KEY);
		find(testId("api-key-save")).click();
		awaitRoute("jobs");
		await("the key dialog closed", PAGE, d -> !Boolean.TRUE.equals(js("return arguments[0].open", dialog)));
		await("jobs listed", PAGE, d -> !d.findElements(testId("job-row")).isEmpty());
		log.addAll(browser().performanceLog());

		List<Request> requests = requests(log);
		assertThat(requests).as("requests sent with the key as X-API-Key")
			.anySatisfy(r -> assertThat(r.apiKey()).isEqualTo(ADMIN_KEY));
		assertThat(statusesOf(log, ADMIN_KEY)).as("answers to the right key").isNotEmpty().allMatch(s -> s < 400);
		for (Request request : requests) {
			assertThat(request.url()).as("a URL the browser asked for").doesNotContain(ADMIN_KEY).doesNotContain(WRONG_KEY);
		}
		assertThat(driver().getCurrentUrl()).doesNotContain(ADMIN_KEY);
		assertThat((String) js("return location.href + JSON.stringify(history.state)")).doesNotContain(ADMIN_KEY);
		assertThat((String) js("return JSON.stringify(Object.assign({}, localStorage))")).doesNotContain(ADMIN_KEY);
		assertThat((String) js("return document.cookie")).doesNotContain(ADMIN_KEY);
		assertThat((String) js("return sessionStorage.getItem('sparkway.apiKey')")).isEqualTo(ADMIN_KEY);
	}

	private WebElement awaitDialogOpen() {
		return await("the API key dialog open", PAGE, d -> {
			WebElement dialog = d.findElement(testId("api-key-dialog"));
			return Boolean.TRUE.equals(js("return arguments[0].open", dialog)) && dialog.isDisplayed() ? dialog : null;
		});
	}

	/** The HTTP statuses of the answers to requests that carried the key. */
	private List<Integer> statusesOf(List<String> log, String key) {
		Map<String, Integer> statusById = new HashMap<>();
		try {
			for (String message : log) {
				JsonNode event = json.readTree(message).get("message");
				if ("Network.responseReceived".equals(event.get("method").asText())) {
					statusById.put(event.at("/params/requestId").asText(), event.at("/params/response/status").asInt());
				}
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return requests(log).stream()
			.filter(r -> key.equals(r.apiKey()) && statusById.containsKey(r.id()))
			.map(r -> statusById.get(r.id()))
			.toList();
	}

	private List<Request> requests(List<String> log) {
		List<Request> requests = new ArrayList<>();
		try {
			for (String message : log) {
				JsonNode event = json.readTree(message).get("message");
				if ("Network.requestWillBeSent".equals(event.get("method").asText())) {
					JsonNode request = event.at("/params/request");
					String key = null;
					for (var header : (Iterable<Map.Entry<String, JsonNode>>) request.get("headers")::fields) {
						if (header.getKey().equalsIgnoreCase("X-API-Key")) {
							key = header.getValue().asText();
						}
					}
					requests.add(new Request(event.at("/params/requestId").asText(), request.get("url").asText(), key));
				}
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return requests;
	}

}
