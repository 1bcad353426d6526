package dev.sparkway.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the browser tests: the suite's one server (shared SparkSession, API keys required, demo data) and one
 * headless Chromium per test class. Tests select elements by the {@code data-testid}s the pages keep for them
 * (docs/browser-tests.md) and wait by polling with deadlines. A failed test leaves a screenshot named after it.
 */
@Tag("browser")
@ExtendWith(Browser.Required.class)
abstract class DashboardTest extends IntegrationTest {

	static final Duration PAGE = Duration.ofSeconds(20);

	static final Duration JOB = Duration.ofMinutes(3);

	private static Browser browser;

	@RegisterExtension
	static final AfterTestExecutionCallback SCREENSHOT_ON_FAILURE = context -> {
		if (context.getExecutionException().isPresent() && browser != null) {
			browser.screenshot("FAILED-" + context.getRequiredTestClass().getSimpleName() + "-"
					+ context.getRequiredTestMethod().getName());
		}
	};

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.close();
			browser = null;
		}
	}

	static Browser browser() {
		return browser;
	}

	static ChromeDriver driver() {
		return browser.driver();
	}

	private final List<String> started = new ArrayList<>();

	/** Submits a job over the API and cancels it after the test if it is still queued or running then. */
	String start(String pipeline, Map<String, ?> params) {
		String id = submit(pipeline, params);
		started.add(id);
		return id;
	}

	/** A failed test must not leave a stream or a long job holding one of the shared server's slots. */
	@AfterEach
	void cancelLeftovers() {
		for (String id : started) {
			String status = get("/api/v1/jobs/" + id).body().get("status").asText();
			if (status.equals("QUEUED") || status.equals("RUNNING")) {
				post("/api/v1/jobs/" + id + "/cancel");
			}
		}
	}

	String base() {
		return "http://localhost:" + port;
	}

	/** Puts the key where the dashboard keeps it (this tab's sessionStorage), as its key dialog would. */
	void useKey(String key) {
		driver().get(base() + "/actuator/health");
		js("sessionStorage.setItem('sparkway.apiKey', arguments[0])", key);
	}

	/** Loads the dashboard afresh at the route (e.g. "#/jobs") and waits until its first data is on the page. */
	void open(String route, String routeName) {
		driver().get("about:blank");
		driver().get(base() + "/" + route);
		awaitRoute(routeName);
	}

	void awaitRoute(String routeName) {
		await("main[data-route=" + routeName + "] ready", PAGE,
				d -> d.findElements(By.cssSelector("main[data-route='" + routeName + "'][data-ready='true']")).size() == 1);
	}

	/** Picks the pipeline in the submit page's select (a change, unless it is already chosen) and awaits its form. */
	static void choosePipeline(String pipeline) {
		Select select = new Select(find(testId("pipeline-select")));
		if (!pipeline.equals(select.getFirstSelectedOption().getDomProperty("value"))) {
			select.selectByValue(pipeline);
			await("the form of " + pipeline, PAGE, d -> d.getCurrentUrl().endsWith("#/submit/" + pipeline));
		}
	}

	static By testId(String id) {
		return By.cssSelector("[data-testid='" + id + "']");
	}

	static By testId(String id, String attribute, String value) {
		return By.cssSelector("[data-testid='" + id + "'][" + attribute + "='" + value + "']");
	}

	static WebElement find(By by) {
		return driver().findElement(by);
	}

	static <T> T await(String what, Duration deadline, Function<WebDriver, T> condition) {
		return new WebDriverWait(driver(), deadline, Duration.ofMillis(100)).withMessage(what)
			// The dashboard replaces elements as data arrives; the next poll finds the new one.
			.ignoring(StaleElementReferenceException.class)
			.until(condition);
	}

	@SuppressWarnings("unchecked")
	static <T> T js(String script, Object... args) {
		return (T) ((JavascriptExecutor) driver()).executeScript(script, args);
	}

	/**
	 * Pixels of the chart's canvases that are painted (not transparent) and not the background (the colour of
	 * the top-left pixel): an ECharts canvas with nothing drawn has none.
	 */
	static long paintedPixels(WebElement chart) {
		Number painted = js("""
				let n = 0;
				for (const c of arguments[0].querySelectorAll('canvas')) {
				  if (!c.width || !c.height) continue;
				  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
				  for (let i = 0; i < d.length; i += 4) {
				    if (d[i + 3] !== 0 && (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3])) n++;
				  }
				}
				return n;""", chart);
		return painted.longValue();
	}

	/**
	 * A fingerprint of what the chart's canvases show below their top 56 px (where ECharts puts the title), so a
	 * changed title alone does not count as a redrawn chart.
	 */
	static List<Number> plotFingerprint(WebElement chart) {
		return js("""
				const top = Math.round(56 * devicePixelRatio);
				return [...arguments[0].querySelectorAll('canvas')].filter(c => c.height > top).map(c => {
				  const d = c.getContext('2d').getImageData(0, top, c.width, c.height - top).data;
				  let hash = 0;
				  for (let i = 0; i < d.length; i++) hash = (hash * 31 + d[i]) | 0;
				  return hash;
				});""", chart);
	}

	/**
	 * The chart of the output is drawn: data-rendered=true with at least one data point, and its canvas has
	 * lines, bars or points on it (not only an empty frame).
	 */
	static WebElement assertChartDrawn(String output) {
		WebElement chart = await("chart of " + output + " rendered", JOB, d -> {
			List<WebElement> found = d.findElements(testId("chart", "data-output", output));
			return !found.isEmpty() && "true".equals(found.get(0).getDomAttribute("data-rendered")) ? found.get(0) : null;
		});
		assertThat(Integer.parseInt(chart.getDomAttribute("data-points"))).as("data points of " + output).isPositive();
		await("canvas of " + output + " painted", PAGE, d -> paintedPixels(chart) > 1500);
		return chart;
	}

	/** The element's text without its aria-hidden parts (the status badge's symbol): what a screen reader says. */
	static String spokenText(WebElement element) {
		return js("""
				const copy = arguments[0].cloneNode(true);
				copy.querySelectorAll('[aria-hidden=true]').forEach(e => e.remove());
				return copy.textContent.trim();""", element);
	}

	/** Accepts the browser's confirm() if the dashboard asks before cancelling. */
	static void acceptConfirmationIfAsked() {
		try {
			driver().switchTo().alert().accept();
		}
		catch (NoAlertPresentException ex) {
			// The dashboard cancels without asking.
		}
	}

	/** The job's row in the jobs list, once it is there. */
	static WebElement jobRow(String id) {
		return await("row of job " + id + " in the jobs list", PAGE, d -> {
			List<WebElement> rows = d.findElements(testId("job-row", "data-job-id", id));
			return rows.isEmpty() ? null : rows.get(0);
		});
	}

	/**
	 * Does something with the job's row, once more if the list replaced its rows meanwhile (it reloads them when
	 * its event stream connects); done when the action answers non-null and not false.
	 */
	static <T> T withRow(String id, String what, Function<WebElement, T> action) {
		return await(what + " (row of job " + id + ")", PAGE, d -> action.apply(jobRow(id)));
	}

	static void awaitRowStatus(String id, String status, Duration deadline) {
		await("job " + id + " shown " + status + " in the list", deadline,
				d -> status.equals(d.findElement(testId("job-row", "data-job-id", id)).getDomAttribute("data-status")));
	}

}
